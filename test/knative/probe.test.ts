import { ProbeProps, checkProbe, renderProbe } from '../../lib/knative/probe';
import { Issue } from '../../lib/validation';

const lines = (issues: Issue[]): string[] => issues.map((i) => `${i.path}: ${i.message}`);
const serving = { serving: true };

describe('checkProbe', () => {
  test('accepts a readiness probe with one handler and the default period 0', () => {
    // GIVEN
    const probe: ProbeProps = { httpGet: { path: '/healthz' }, initialDelaySeconds: 2 };
    // WHEN
    const issues = checkProbe(probe, 'p', 'readinessProbe', serving);
    // THEN
    expect(issues).toEqual([]);
  });

  test('fails when no handler is set', () => {
    expect(lines(checkProbe({ periodSeconds: 5 }, 'p', 'readinessProbe', serving))).toEqual([
      'p: readinessProbe sets no handler; set exactly one of httpGet, tcpSocket, exec, grpc',
    ]);
  });

  test('fails when two handlers are set', () => {
    const probe: ProbeProps = { httpGet: { path: '/' }, tcpSocket: {} };
    expect(lines(checkProbe(probe, 'p', 'livenessProbe', serving))).toEqual([
      'p: livenessProbe sets httpGet and tcpSocket; set exactly one of httpGet, tcpSocket, exec, grpc',
    ]);
  });

  test('accepts each single handler', () => {
    for (const probe of [
      { httpGet: { port: 8080 } },
      { tcpSocket: { port: 'http' } },
      { exec: { command: ['cat', '/app/ready'] } },
      { grpc: { port: 8080, service: '' } },
    ] as ProbeProps[]) {
      expect(checkProbe(probe, 'p', 'readinessProbe', serving)).toEqual([]);
    }
  });

  test('fails when periodSeconds is 0 and timeoutSeconds or failureThreshold is set', () => {
    // GIVEN knative's aggressive probing (period 0)
    const probe: ProbeProps = { tcpSocket: {}, timeoutSeconds: 1, failureThreshold: 3 };
    // WHEN
    const issues = checkProbe(probe, 'p', 'readinessProbe', serving);
    // THEN both are reported
    expect(lines(issues)).toEqual([
      "p.failureThreshold: readinessProbe failureThreshold 3 is not allowed when periodSeconds is 0 (Knative's aggressive probing); remove it or set periodSeconds to 1 or more",
      "p.timeoutSeconds: readinessProbe timeoutSeconds 1 is not allowed when periodSeconds is 0 (Knative's aggressive probing); remove it or set periodSeconds to 1 or more",
    ]);
  });

  test('accepts timeoutSeconds and failureThreshold when periodSeconds is positive', () => {
    const probe: ProbeProps = {
      tcpSocket: {},
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 3,
    };
    expect(checkProbe(probe, 'p', 'readinessProbe', serving)).toEqual([]);
  });

  test('fails when periodSeconds is positive and timeoutSeconds or failureThreshold is below 1', () => {
    const probe: ProbeProps = {
      tcpSocket: {},
      periodSeconds: 5,
      timeoutSeconds: 0,
      failureThreshold: 0,
    };
    expect(lines(checkProbe(probe, 'p', 'readinessProbe', serving))).toEqual([
      'p.timeoutSeconds: readinessProbe timeoutSeconds 0 is out of range; allowed: 1 to 2147483647',
      'p.failureThreshold: readinessProbe failureThreshold 0 is out of range; allowed: 1 to 2147483647',
    ]);
  });

  test('fails when successThreshold is below 1 or periodSeconds is negative', () => {
    const probe: ProbeProps = { tcpSocket: {}, successThreshold: 0, periodSeconds: -1 };
    expect(lines(checkProbe(probe, 'p', 'readinessProbe', serving))).toEqual([
      'p.periodSeconds: readinessProbe periodSeconds -1 is out of range; allowed: 0 to 2147483647',
      'p.successThreshold: readinessProbe successThreshold 0 is out of range; allowed: 1 to 2147483647',
    ]);
  });

  test('accepts a named probe port equal to the container port name', () => {
    // GIVEN an unnamed port (Knative calls it 'http') and an h2c port
    expect(checkProbe({ httpGet: { port: 'http' } }, 'p', 'readinessProbe', serving)).toEqual([]);
    expect(
      checkProbe({ tcpSocket: { port: 'h2c' } }, 'p', 'livenessProbe', {
        serving: true,
        portName: 'h2c',
      }),
    ).toEqual([]);
  });

  test('fails when a named probe port differs from the container port name', () => {
    const issues = checkProbe({ httpGet: { port: 'metrics' } }, 'p', 'readinessProbe', {
      serving: true,
      portName: 'h2c',
    });
    expect(lines(issues)).toEqual([
      "p.httpGet.port: readinessProbe httpGet.port 'metrics' does not match the container's port name 'h2c'; use 'h2c' or a port number",
    ]);
  });

  test('fails when a numeric probe port is out of range', () => {
    expect(lines(checkProbe({ tcpSocket: { port: 70000 } }, 'p', 'startupProbe', serving))).toEqual(
      ['p.tcpSocket.port: startupProbe tcpSocket.port 70000 is out of range; allowed: 1 to 65535'],
    );
  });

  test('fails when a sidecar probe under multi-container-probing has no port', () => {
    // GIVEN a sidecar probe that must name its port
    const ctx = { serving: false, requirePort: true };
    // WHEN / THEN
    expect(lines(checkProbe({ httpGet: { path: '/' } }, 'p', 'readinessProbe', ctx))).toEqual([
      "p.httpGet.port: readinessProbe httpGet.port is not set; a sidecar's probe must give its port explicitly",
    ]);
    expect(checkProbe({ httpGet: { path: '/', port: 9000 } }, 'p', 'readinessProbe', ctx)).toEqual(
      [],
    );
  });

  test('accepts any named port on a sidecar probe', () => {
    expect(
      checkProbe({ tcpSocket: { port: 'admin' } }, 'p', 'livenessProbe', {
        serving: false,
        requirePort: true,
      }),
    ).toEqual([]);
  });

  test('fails when a liveness probe sets successThreshold other than 1', () => {
    expect(
      lines(
        checkProbe(
          { exec: { command: ['true'] }, successThreshold: 2 },
          'p',
          'livenessProbe',
          serving,
        ),
      ),
    ).toEqual([
      'p.successThreshold: livenessProbe successThreshold 2 must be 1 for liveness and startup probes; remove it',
    ]);
    expect(
      checkProbe(
        { exec: { command: ['true'] }, successThreshold: 1 },
        'p',
        'livenessProbe',
        serving,
      ),
    ).toEqual([]);
  });

  test('fails when a readiness probe sets terminationGracePeriodSeconds', () => {
    expect(
      lines(
        checkProbe(
          { tcpSocket: {}, terminationGracePeriodSeconds: 5 },
          'p',
          'readinessProbe',
          serving,
        ),
      ),
    ).toEqual([
      'p.terminationGracePeriodSeconds: readinessProbe terminationGracePeriodSeconds is not allowed on a readiness probe; remove it',
    ]);
    expect(
      checkProbe(
        { tcpSocket: {}, terminationGracePeriodSeconds: 5 },
        'p',
        'livenessProbe',
        serving,
      ),
    ).toEqual([]);
  });

  test('fails on an empty exec command, a bad grpc port and a bad scheme', () => {
    const issues = [
      ...checkProbe({ exec: { command: [] } }, 'a', 'livenessProbe', serving),
      ...checkProbe({ grpc: { port: 0 } }, 'b', 'livenessProbe', serving),
      ...checkProbe({ httpGet: { scheme: 'FTP' as 'HTTP' } }, 'c', 'livenessProbe', serving),
    ];
    expect(lines(issues)).toEqual([
      "a.exec.command: livenessProbe exec.command is empty; give the command to run, such as ['cat', '/app/ready']",
      'b.grpc.port: livenessProbe grpc.port 0 is out of range; allowed: 1 to 65535',
      "c.httpGet.scheme: livenessProbe httpGet.scheme 'FTP' is not allowed; use 'HTTP' or 'HTTPS'",
    ]);
  });

  test('fails on fields Knative does not allow in untyped input', () => {
    // GIVEN a probe read from YAML with a field the type cannot express
    const probe = { tcpSocket: {}, handler: {} } as unknown as ProbeProps;
    expect(lines(checkProbe(probe, 'p', 'readinessProbe', serving))).toEqual([
      "p.handler: 'handler' is not a field Knative allows in a readinessProbe; remove it",
    ]);
  });

  test('reports every problem of one probe at once', () => {
    const probe: ProbeProps = {
      httpGet: { port: 'web' },
      exec: { command: [] },
      timeoutSeconds: 3,
      successThreshold: 0,
    };
    expect(lines(checkProbe(probe, 'p', 'readinessProbe', serving))).toEqual([
      'p: readinessProbe sets httpGet and exec; set exactly one of httpGet, tcpSocket, exec, grpc',
      "p.httpGet.port: readinessProbe httpGet.port 'web' does not match the container's port name 'http'; use 'http' or a port number",
      "p.exec.command: readinessProbe exec.command is empty; give the command to run, such as ['cat', '/app/ready']",
      'p.successThreshold: readinessProbe successThreshold 0 is out of range; allowed: 1 to 2147483647',
      "p.timeoutSeconds: readinessProbe timeoutSeconds 3 is not allowed when periodSeconds is 0 (Knative's aggressive probing); remove it or set periodSeconds to 1 or more",
    ]);
  });
});

describe('renderProbe', () => {
  test('renders the handler first, then the timings, with sorted handler keys', () => {
    const probe: ProbeProps = {
      periodSeconds: 5,
      timeoutSeconds: 2,
      httpGet: { port: 'http', path: '/ready', httpHeaders: [{ name: 'X-Probe', value: '1' }] },
    };
    expect(JSON.stringify(renderProbe(probe))).toEqual(
      '{"httpGet":{"httpHeaders":[{"name":"X-Probe","value":"1"}],"path":"/ready","port":"http"},"timeoutSeconds":2,"periodSeconds":5}',
    );
  });
});
