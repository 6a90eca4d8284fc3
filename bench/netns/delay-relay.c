/*
 * The sweep bench's wire (bench/netns/lab.ts): joins two network namespaces with a TUN device in
 * each and carries every IP packet from one to the other DELAY ms later, both ways, in order.
 * It stands in for netem, which this kernel lacks: with 50 ms each way, the worker sees a 100 ms
 * round trip on its TCP handshake as on its TLS flights. Node cannot open a TUN device (it needs
 * an ioctl), hence C; the bench compiles it with `cc` on first use.
 *
 *   delay-relay NETNS_A DEV_A NETNS_B DEV_B DELAY_MS
 *
 * NETNS_* are paths (/run/netns/NAME). Prints "ready" once both devices exist; exits when stdin
 * closes (the bench ended, or died). On exit it prints what it carried: "carried N dropped M".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 16384 /* packets in flight per direction: 50 ms at 300k packets/s */
#define MTU 2048

struct packet {
  int64_t due;
  int len;
  unsigned char data[MTU];
};

/* A FIFO per direction: the delay is the same for every packet, so the earliest due is first. */
struct line {
  struct packet *slots;
  unsigned head, tail; /* head: next to send; tail: next free */
  int out;             /* the device it is written to */
};

static int64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void die(const char *what) {
  perror(what);
  exit(1);
}

static int open_tun(const char *netns, const char *dev) {
  int ns = open(netns, O_RDONLY | O_CLOEXEC);
  if (ns < 0) die(netns);
  if (setns(ns, CLONE_NEWNET) < 0) die("setns");
  close(ns);
  int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) die("/dev/net/tun");
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  strncpy(ifr.ifr_name, dev, IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &ifr) < 0) die("TUNSETIFF");
  return fd;
}

static unsigned long carried, dropped;

/* Reads every packet waiting on `in` into `l`, due `delay` from now. */
static void take(int in, struct line *l, int64_t delay) {
  for (;;) {
    if (l->tail - l->head == SLOTS) {
      unsigned char sink[MTU];
      if (read(in, sink, sizeof sink) < 0) return;
      dropped++;
      continue;
    }
    struct packet *p = &l->slots[l->tail % SLOTS];
    ssize_t n = read(in, p->data, MTU);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return;
      die("read");
    }
    p->len = (int)n;
    p->due = now_us() + delay;
    l->tail++;
  }
}

/* Writes every packet of `l` that is due; returns µs until the next one (-1: none waiting). */
static int64_t give(struct line *l) {
  int64_t t = now_us();
  while (l->head != l->tail) {
    struct packet *p = &l->slots[l->head % SLOTS];
    if (p->due > t) return p->due - t;
    if (write(l->out, p->data, p->len) < 0 && errno != EAGAIN) dropped++;
    else carried++;
    l->head++;
  }
  return -1;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s NETNS_A DEV_A NETNS_B DEV_B DELAY_MS\n", argv[0]);
    return 2;
  }
  int a = open_tun(argv[1], argv[2]);
  int b = open_tun(argv[3], argv[4]);
  int64_t delay = (int64_t)atoi(argv[5]) * 1000;
  struct line ab = {calloc(SLOTS, sizeof(struct packet)), 0, 0, b};
  struct line ba = {calloc(SLOTS, sizeof(struct packet)), 0, 0, a};
  if (!ab.slots || !ba.slots) die("calloc");
  printf("ready\n");
  fflush(stdout);
  struct pollfd fds[3] = {{a, POLLIN, 0}, {b, POLLIN, 0}, {0, POLLIN, 0}};
  for (;;) {
    int64_t w1 = give(&ab), w2 = give(&ba);
    int64_t wait = w1 < 0 ? w2 : (w2 < 0 ? w1 : (w1 < w2 ? w1 : w2));
    /* poll's resolution is a millisecond: round up, never wake early and spin. */
    int ms = wait < 0 ? -1 : (int)((wait + 999) / 1000);
    if (poll(fds, 3, ms) < 0 && errno != EINTR) die("poll");
    if (fds[2].revents) break; /* stdin: closed (or anything written) ends the relay */
    if (fds[0].revents & POLLIN) take(a, &ab, delay);
    if (fds[1].revents & POLLIN) take(b, &ba, delay);
  }
  printf("carried %lu dropped %lu\n", carried, dropped);
  return 0;
}
