import { execFileSync } from 'child_process';
import * as os from 'os';
import { describe, expect, it } from 'vitest';

import * as hookFiles from '../hookFiles';
import {
  bareSwitchCode,
  configureCode,
  installCode,
  KERNEL_API_VERSION,
  parsePythonStrRepr,
  parseStateReply,
  pyStr,
  STATE_EXPRESSIONS
} from '../kernelCode';
import { HOOK_STATE, ok, pyRepr } from './replies';

function python(): string | null {
  for (const name of ['python3', 'python']) {
    try {
      execFileSync(name, ['-c', 'pass']);
      return name;
    } catch {
      // try the next one
    }
  }
  return null;
}

/**
 * Run a script in an isolated Python (-I, a neutral cwd): neither this package
 * nor mlflow is importable. Its arguments follow as sys.argv[1:].
 */
function runIsolated(py: string, lines: string[], args: string[]): string {
  return execFileSync(py, ['-I', '-c', lines.join('\n'), ...args], {
    cwd: os.tmpdir()
  }).toString();
}

describe('parsePythonStrRepr', () => {
  it('undoes the escapes of a repr of ASCII JSON', () => {
    const json = JSON.stringify({
      a: "it's",
      b: 'say "hi"',
      c: 'back\\slash\nnewline'
    });
    expect(parsePythonStrRepr(pyRepr(json))).toBe(json);
  });

  it('rejects what is not a str repr', () => {
    expect(parsePythonStrRepr('42')).toBeNull();
    expect(parsePythonStrRepr("'unterminated")).toBeNull();
    expect(parsePythonStrRepr('')).toBeNull();
  });
});

describe('parseStateReply', () => {
  it('reads the hook report', () => {
    const state = parseStateReply({
      hook: ok(JSON.stringify(HOOK_STATE)),
      bare: ok('{}')
    });
    expect(state).toEqual({
      hook: true,
      configured: true,
      mlflowImported: true,
      mlflowVersion: '3.17.2',
      disabled: true,
      displayEnabled: false,
      patched: true,
      patchStatus: 'patched',
      trackingUri: 'http://127.0.0.1:5000',
      experimentId: '7',
      otherHookApi: null,
      nonHttp: true
    });
  });

  it('a hook of another API version is reported, not used', () => {
    const state = parseStateReply({
      hook: ok(JSON.stringify({ ...HOOK_STATE, api: 1 })),
      bare: ok(
        JSON.stringify({
          mlflow_imported: true,
          mlflow_version: '3.17.2',
          disabled: true
        })
      )
    });
    expect(state).toMatchObject({
      hook: false,
      otherHookApi: 1,
      displayEnabled: false,
      trackingUri: 'http://127.0.0.1:5000'
    });
    expect(state?.patchStatus).toContain('another API version');
  });

  it('falls back to the bare report when the package is not importable', () => {
    const state = parseStateReply({
      hook: {
        status: 'error',
        ename: 'ModuleNotFoundError',
        evalue: 'no',
        traceback: []
      },
      bare: ok(
        JSON.stringify({
          mlflow_imported: true,
          mlflow_version: '2.22.5',
          disabled: false
        })
      )
    });
    expect(state).toMatchObject({
      hook: false,
      configured: false,
      mlflowImported: true,
      mlflowVersion: '2.22.5',
      disabled: false,
      displayEnabled: true,
      trackingUri: null
    });
    expect(state?.patchStatus).toContain('not loaded');
  });

  it('mlflow not imported: display state unknown without the hook', () => {
    const state = parseStateReply({
      bare: ok(
        JSON.stringify({
          mlflow_imported: false,
          mlflow_version: null,
          disabled: null
        })
      )
    });
    expect(state?.displayEnabled).toBeNull();
    expect(state?.mlflowImported).toBe(false);
  });

  it('an uninstalled hook counts as no hook', () => {
    const state = parseStateReply({
      hook: ok(JSON.stringify({ ...HOOK_STATE, installed: false })),
      bare: ok(JSON.stringify({ mlflow_imported: false, disabled: null }))
    });
    expect(state?.hook).toBe(false);
    expect(state?.patchStatus).toBe('hook not installed');
  });

  it('garbage gives null, never throws', () => {
    expect(parseStateReply(undefined)).toBeNull();
    expect(
      parseStateReply({ hook: ok('not json'), bare: ok('[1]') })
    ).toBeNull();
    expect(parseStateReply({ hook: { status: 'ok', data: {} } })).toBeNull();
  });
});

describe('kernel code', () => {
  const options = { displayEnabled: false, nonHttp: true, maxBytes: 2_000_000 };

  it('passes Python literals', () => {
    expect(installCode(hookFiles, options, '1.2.3')).toContain(
      "'options': {'display_enabled': False, 'non_http': True, 'max_bytes': 2000000}"
    );
    expect(installCode(hookFiles, options, '1.2.3')).toContain(
      `'api': ${KERNEL_API_VERSION}`
    );
    expect(
      configureCode({ ...options, displayEnabled: null, maxBytes: 10 })
    ).toContain(
      'configure(display_enabled=None, non_http=True, max_bytes=1024)'
    );
    expect(bareSwitchCode(true)).toContain('enable_notebook_display()');
    expect(bareSwitchCode(false)).toContain('disable_notebook_display()');
  });

  const py = python();

  it.skipIf(!py)('pyStr gives Python the same text', () => {
    const text = 'it\'s "q" \\ \n\t\u0000 京都 🌦 \u2028 \ud800 end';
    const out = execFileSync(py!, [
      '-I',
      '-c',
      `import sys; sys.stdout.write(ascii(${pyStr(text)}))`
    ]).toString();
    // ascii() of the same string, written by hand for the non-ASCII characters.
    expect(out).toBe(
      "'it\\'s \"q\" \\\\ \\n\\t\\x00 \\u4eac\\u90fd \\U0001f326 \\u2028 \\ud800 end'"
    );
  });

  it.skipIf(!py)(
    'sends the hook as source: a plain Python without the package gets it, under its module name, defining nothing',
    () => {
      const out = runIsolated(
        py!,
        [
          'import json, sys',
          'ns = {}',
          'code, configure, expr = json.loads(sys.argv[1])',
          'sys.path = [p for p in sys.path if "site-packages" not in p]',
          'exec(compile(code, "<silent>", "exec"), ns)',
          'exec(compile(code, "<silent>", "exec"), ns)  # sent twice: one hook',
          'exec(compile(configure, "<silent>", "exec"), ns)',
          'assert set(ns) == {"__builtins__"}, sorted(ns)',
          'assert "jupyterlab_mlflow_traces" not in sys.modules',
          'assert "mlflow" not in sys.modules',
          'watchers = [f for f in sys.meta_path if type(f).__name__ == "_ImportWatcher"]',
          'assert len(watchers) == 1, sys.meta_path',
          'print(eval(expr, ns))'
        ],
        [
          JSON.stringify([
            installCode(hookFiles, options, '1.2.3'),
            configureCode({ ...options, displayEnabled: true }),
            STATE_EXPRESSIONS.hook
          ])
        ]
      );
      expect(JSON.parse(out)).toMatchObject({
        api: KERNEL_API_VERSION,
        origin: 'source',
        package_version: '1.2.3',
        installed: true,
        configured: true,
        pending_display_enabled: true,
        non_http: true,
        max_bytes: 2000000
      });
    }
  );

  it.skipIf(!py)(
    'runs in a plain Python without the package or mlflow, defining nothing',
    () => {
      const snippets = [configureCode(options), bareSwitchCode(false)];
      const out = runIsolated(
        py!,
        [
          'import json, sys',
          'ns = {}',
          'snippets = json.loads(sys.argv[1])',
          'exprs = json.loads(sys.argv[2])',
          'sys.path = [p for p in sys.path if "site-packages" not in p]',
          'for code in snippets:',
          '    exec(compile(code, "<silent>", "exec"), ns)',
          'assert set(ns) == {"__builtins__"}, sorted(ns)',
          'print(eval(exprs["bare"], ns))',
          'assert "mlflow" not in sys.modules',
          'try:',
          '    eval(exprs["hook"], ns)',
          'except KeyError:',
          '    pass',
          'else:',
          '    raise AssertionError("the state read imported the hook")',
          'assert "jupyterlab_mlflow_traces.kernel_hook" not in sys.modules'
        ],
        [JSON.stringify(snippets), JSON.stringify(STATE_EXPRESSIONS)]
      );
      expect(JSON.parse(out)).toEqual({
        mlflow_imported: false,
        mlflow_version: null,
        disabled: null
      });
    }
  );
});
