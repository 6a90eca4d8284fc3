/**
 * Messages said in another language by their English shape: the first whole-message pattern that
 * matches gives the translation, `$1`… keeping the values (flags, files, codes) as they are.
 */

/** A translation, or a function of the match for one that needs more than `$n`. */
export type Say = string | ((m: RegExpExecArray) => string);

/** `[English shape (whole message), translation]`. */
export type Shapes = ReadonlyArray<readonly [RegExp, Say]>;

/** `message` by the first shape it has; a message with no entry as it is. */
export function sayByShape(shapes: Shapes, message: string): string {
  for (const [shape, say] of shapes) {
    const m = shape.exec(message);
    if (!m) continue;
    return typeof say === 'string' ? message.replace(shape, say) : say(m);
  }
  return message;
}
