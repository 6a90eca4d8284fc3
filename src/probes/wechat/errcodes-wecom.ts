/** The errcodes of WeCom only: see errcodes.ts. */
export const WECOM_ERRCODES = [
  {
    code: 40001,
    platform: 'wecom',
    kind: 'token',
    meaning: 'Invalid corpsecret',
    remedy: 'Check the app’s Secret and that the app is enabled',
  },
  {
    code: 40056,
    platform: 'wecom',
    meaning: 'Invalid agentid',
    remedy: 'Use the integer agentid of the app the secret belongs to',
  },
  {
    code: 40091,
    platform: 'wecom',
    kind: 'bad-secret',
    meaning: 'Invalid secret',
    remedy: 'Check the app’s Secret',
  },
  {
    code: 40125,
    platform: 'wecom',
    meaning: 'Invalid openuserid',
    remedy: 'Check the openuserid parameter',
  },
  {
    code: 43004,
    platform: 'wecom',
    meaning: 'userid not bound to WeChat or not following the workbench',
    remedy: 'Ask the member to bind WeChat / follow the workbench',
  },
  {
    code: 45009,
    platform: 'wecom',
    kind: 'quota',
    meaning: 'API call limit exceeded',
    remedy:
      'Back off to the next minute/hour (blocked 60 s per minute limit, 60 min per hour limit)',
  },
  {
    code: 45033,
    platform: 'wecom',
    kind: 'concurrency',
    meaning: 'Concurrent call limit exceeded',
    remedy: 'Reduce concurrency',
  },
  {
    code: 48002,
    platform: 'wecom',
    kind: 'unauthorised',
    meaning: 'API not permitted for this app',
    remedy: 'Grant the API permission to the app in the admin console',
  },
  {
    code: 48006,
    platform: 'wecom',
    meaning: 'API permission revoked',
    remedy: 'Re-grant the API permission',
  },
  {
    code: 50001,
    platform: 'wecom',
    meaning: 'redirect_url not on a trusted domain',
    remedy: 'Register the trusted domain for the app',
  },
  {
    code: 60011,
    platform: 'wecom',
    meaning: 'No permission for the member/department/tag',
    remedy: 'Check the app’s visibility scope',
  },
  {
    code: 60020,
    platform: 'wecom',
    kind: 'ip-blocked',
    meaning: 'Caller IP not in the trusted IP list',
    remedy:
      'Add the `from ip` of errmsg to the app’s Trusted IPs (app details); about 1 min to apply',
  },
  {
    code: 80001,
    platform: 'wecom',
    meaning: 'Trusted domain wrong or without ICP filing',
    remedy: 'Check domain ownership and ICP filing',
  },
  {
    code: 81013,
    platform: 'wecom',
    meaning: 'All user/department/tag ids invalid or out of scope',
    remedy: 'Recipients must be within the app’s visibility',
  },
  {
    code: 85005,
    platform: 'wecom',
    meaning: 'Trusted domain ownership not verified',
    remedy: 'Serve the WW_verify_*.txt file at the domain root',
  },
  {
    code: 93000,
    platform: 'wecom',
    meaning: 'Robot webhook invalid or robot removed',
    remedy: 'Recreate the robot and rotate the key',
  },
  {
    code: 93004,
    platform: 'wecom',
    meaning: 'Robot disabled',
    remedy: 'Enable or recreate the robot',
  },
  {
    code: 301002,
    platform: 'wecom',
    meaning: 'No permission on the given app',
    remedy: 'The token’s secret belongs to another app than the agentid',
  },
] as const;
