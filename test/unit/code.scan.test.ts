// The code features' reading of source files, per language: what is a string literal (and what is a
// comment or code), which comparisons are handler branches, which values Telnyx never sends.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CALL_CONTROL_EVENTS,
  CATALOGUE_SOURCE,
  eventNamed,
  nearestEventName,
  v2NameOf,
} from '../../src/code/catalogue/index';
import { analyzeHandlers, mentionsTelnyx } from '../../src/code/scan/handlers';
import { KNOWN_HANGUP_CAUSES } from '../../src/timeline/endOfCall';
import { syntaxOf, type Syntax } from '../../src/code/scan/languages';
import { pieceAt, scanSource } from '../../src/code/scan/literals';

function syntax(languageId: string): Syntax {
  const found = syntaxOf(languageId);
  assert.ok(found, languageId);
  return found;
}

/** The text of every literal piece, in order. */
const pieces = (text: string, languageId: string): string[] =>
  scanSource(text, syntax(languageId)).pieces.map((p) => p.value);
const problems = (text: string, languageId: string) =>
  analyzeHandlers(text, syntax(languageId)).problems.map((p) => [p.kind, p.value, p.suggestion]);
const branches = (text: string, languageId: string) =>
  analyzeHandlers(text, syntax(languageId)).branches.map((b) => b.event);

describe('the event catalogue', () => {
  it('comes from the published spec, with its source and date', () => {
    assert.equal(CATALOGUE_SOURCE.repository, 'team-telnyx/openapi');
    assert.equal(CATALOGUE_SOURCE.path, 'openapi/spec3.yml');
    assert.match(CATALOGUE_SOURCE.commit, /^[0-9a-f]{40}$/);
    assert.match(CATALOGUE_SOURCE.date, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('holds the Call Control webhooks with titles and payload fields', () => {
    for (const name of [
      'call.initiated',
      'call.answered',
      'call.hangup',
      'call.bridged',
      'call.playback.ended',
      'call.gather.ended',
      'call.machine.detection.ended',
      'conference.created',
      'streaming.started',
    ]) {
      assert.ok(eventNamed(name), name);
    }
    const hangup = eventNamed('call.hangup');
    assert.equal(hangup?.title, 'Call Hangup');
    assert.ok(hangup?.fields.some((f) => f.name === 'hangup_cause' && f.values?.includes('normal_clearing')));
    assert.ok(hangup?.fields.some((f) => f.name === 'call_control_id' && f.description));
    assert.ok(CALL_CONTROL_EVENTS.every((e) => /^(call|conference|streaming|siprec)\./.test(e.name)));
    assert.equal(eventNamed('call.ringing'), undefined, 'Call Control sends no ringing webhook');
  });

  it("knows exactly the hangup causes Telnyx sends (the spec's CallHangup.payload.hangup_cause)", () => {
    // call.hangup's values were generated from CallHangup (scripts/code-events.mjs checks it) at CATALOGUE_SOURCE;
    // the code features' completions and checks, the ladder and the doctor word KNOWN_HANGUP_CAUSES.
    const fromSpec = eventNamed('call.hangup')?.fields.find((field) => field.name === 'hangup_cause')?.values;
    assert.ok(fromSpec?.length, 'the catalogue has the values of call.hangup hangup_cause');
    assert.deepEqual([...KNOWN_HANGUP_CAUSES].sort(), [...fromSpec].sort());
  });

  it('maps v1 names to v2 names and finds the nearest real name', () => {
    assert.equal(v2NameOf('call_answered'), 'call.answered');
    assert.equal(v2NameOf('call_playback_ended'), 'call.playback.ended');
    assert.equal(v2NameOf('call_control_id'), undefined);
    assert.equal(nearestEventName('call.hangedup'), 'call.hangup');
    assert.equal(nearestEventName('call.answerd'), 'call.answered');
    assert.equal(nearestEventName('call.zzzzzzzzzzzzzzzzzzzzzz'), undefined);
  });
});

describe('string literals', () => {
  it('JavaScript and TypeScript: quotes, escaped quotes, template strings and their expressions; comments are not literals', () => {
    const js = [
      `const a = 'call.answered'; // 'call.hangup' in a comment`,
      `/* "call.initiated" in a block comment */`,
      `const b = "it\\"s call.bridged";`,
      `const c = 'it\\'s';`,
      'const d = `call.${kind} and ${"call.hangup"} done`;',
    ].join('\n');
    assert.deepEqual(pieces(js, 'javascript'), [
      'call.answered',
      'it\\"s call.bridged',
      "it\\'s",
      'call.',
      ' and ',
      'call.hangup',
      ' done',
    ]);
    assert.deepEqual(pieces('let s: string = `multi\nline`;', 'typescript'), ['multi\nline']);
    assert.deepEqual(pieces('const url = "https://telnyx.com//x"; // note', 'typescript'), ['https://telnyx.com//x']);
  });

  it('Python: quotes, f-strings with expressions, raw and triple-quoted strings; # comments', () => {
    const py = [
      `a = 'call.answered'  # 'call.hangup' in a comment`,
      `b = f"call.{kind} {'call.hangup'} {{literal}}"`,
      `c = r'raw \\' still'`,
      `d = """triple 'call.bridged'\n"""`,
      `e = rb"bytes"`,
    ].join('\n');
    assert.deepEqual(pieces(py, 'python'), [
      'call.answered',
      'call.',
      ' ',
      'call.hangup',
      ' {{literal}}',
      "raw \\' still",
      "triple 'call.bridged'\n",
      'bytes',
    ]);
  });

  it('Go: interpreted and raw strings (no escapes in raw ones)', () => {
    const go = ['s := "call.answered" // "x"', 'r := `raw \\` + "call.hangup"', '/* "no" */'].join('\n');
    assert.deepEqual(pieces(go, 'go'), ['call.answered', 'raw \\', 'call.hangup']);
  });

  it('Ruby: interpolation in double quotes only; # comments', () => {
    const rb = [`a = 'call.#{x}' # "c"`, `b = "call.#{kind} and #{'call.hangup'}"`].join('\n');
    assert.deepEqual(pieces(rb, 'ruby'), ['call.#{x}', 'call.', ' and ', 'call.hangup', '']);
  });

  it('PHP: // and # comments; escaped quotes', () => {
    const php = [`<?php $a = 'call.answered'; # 'x'`, `$b = "say \\"hi\\""; // "y"`].join('\n');
    assert.deepEqual(pieces(php, 'php'), ['call.answered', 'say \\"hi\\"']);
  });

  it('Java: strings and text blocks', () => {
    const java = ['String a = "call.answered"; // "x"', 'String b = """', '  call.hangup', '  """;'].join('\n');
    assert.deepEqual(pieces(java, 'java'), ['call.answered', '\n  call.hangup\n  ']);
  });

  it('C#: verbatim strings with doubled quotes, interpolated strings', () => {
    const cs = [
      'var a = @"c:\\path ""quoted""";',
      'var b = $"call.{kind} {{x}}";',
      'var c = "call.hangup"; // "x"',
    ].join('\n');
    assert.deepEqual(pieces(cs, 'csharp'), ['c:\\path ""quoted""', 'call.', ' {{x}}', 'call.hangup']);
  });

  it('finds the piece under an offset', () => {
    const text = `x = 'call.answered'; y = "call.hangup"`;
    const scanned = scanSource(text, syntax('javascript'));
    assert.equal(pieceAt(scanned.pieces, text.indexOf('answered'))?.value, 'call.answered');
    assert.equal(pieceAt(scanned.pieces, text.indexOf('y =')), undefined);
  });
});

describe('handler branches and checks', () => {
  it('JavaScript: case labels and === comparisons are branches; a misspelled name is flagged with the nearest real one', () => {
    const js = [
      `// telnyx webhook`,
      `switch (event.data.event_type) {`,
      `  case 'call.initiated':`,
      `  case "call.hangedup":`,
      `}`,
      `if (type === 'call.answered') {}`,
      `else if ('call.bridged' == type) {}`,
      `if (type !== 'call.hangup') {}`,
      `const label = 'call.whatever';`,
    ].join('\n');
    assert.deepEqual(branches(js, 'javascript'), ['call.initiated', 'call.answered', 'call.bridged']);
    assert.deepEqual(problems(js, 'javascript'), [['unknown-event', 'call.hangedup', 'call.hangup']]);
  });

  it('v1 names compared anywhere are flagged with their v2 name', () => {
    assert.deepEqual(problems(`if (t === 'call_answered') {}`, 'typescript'), [
      ['v1-event', 'call_answered', 'call.answered'],
    ]);
    assert.deepEqual(problems(`if (key === 'call_control_id') {}`, 'typescript'), []);
  });

  it('hangup causes: after hangup_cause ==, in a switch on it, in Python `in (…)`', () => {
    const js = [
      `if (payload.hangup_cause === 'busy') {}`,
      `if (payload.hangup_cause === 'user_busy') {}`,
      `switch (payload.hangup_cause) {`,
      `  case 'no_answer':`,
      `  case 'noanswer':`,
      `}`,
    ].join('\n');
    assert.deepEqual(problems(js, 'javascript'), [
      ['unknown-hangup-cause', 'busy', 'user_busy'],
      ['unknown-hangup-cause', 'noanswer', 'no_answer'],
    ]);
    const py = `if data["payload"]["hangup_cause"] in ('timeout', 'rejected'):\n    pass`;
    assert.deepEqual(problems(py, 'python'), [['unknown-hangup-cause', 'rejected', 'call_rejected']]);
  });

  it('Python: if/elif comparisons, match/case', () => {
    const py = [
      `if event_type == 'call.initiated':  # 'call.hangedup' in a comment`,
      `    pass`,
      `elif event_type == "call.hangup":`,
      `    pass`,
      `match event_type:`,
      `    case "call.answered":`,
      `        pass`,
      `log(f"call.hangedup {x}")`,
    ].join('\n');
    assert.deepEqual(branches(py, 'python'), ['call.initiated', 'call.hangup', 'call.answered']);
    assert.deepEqual(problems(py, 'python'), []);
  });

  it('Go: switch cases with several labels', () => {
    const go = [`switch ev.EventType {`, `case "call.answered", "call.hangup":`, `case "call.speak.endd":`, `}`].join(
      '\n',
    );
    assert.deepEqual(branches(go, 'go'), ['call.answered', 'call.hangup']);
    assert.deepEqual(problems(go, 'go'), [['unknown-event', 'call.speak.endd', 'call.speak.ended']]);
  });

  it('Ruby: case/when, including a case on hangup_cause', () => {
    const rb = [
      `case event['event_type']`,
      `when 'call.answered' then x`,
      `end`,
      `case payload['hangup_cause']`,
      `when 'busy'`,
      `end`,
    ].join('\n');
    assert.deepEqual(branches(rb, 'ruby'), ['call.answered']);
    assert.deepEqual(problems(rb, 'ruby'), [['unknown-hangup-cause', 'busy', 'user_busy']]);
  });

  it('PHP, Java and C#: ==, .equals(…) and case labels', () => {
    assert.deepEqual(branches(`<?php\nif ($type == 'call.answered') {}`, 'php'), ['call.answered']);
    assert.deepEqual(branches(`if ("call.answered".equals(type)) {}\nif (type.equals("call.hangup")) {}`, 'java'), [
      'call.answered',
      'call.hangup',
    ]);
    assert.deepEqual(branches(`switch (type) {\n  case "call.answered" -> x();\n}`, 'java'), ['call.answered']);
    assert.deepEqual(branches(`switch (type) {\n  case "call.answered":\n    break;\n}`, 'csharp'), ['call.answered']);
  });

  it('a literal that is only passed or assigned is neither a branch nor checked', () => {
    assert.deepEqual(
      analyzeHandlers(`log('call.hangedup'); const t = 'call.answered';`, syntax('javascript')).problems,
      [],
    );
    assert.deepEqual(
      analyzeHandlers(`log('call.hangedup'); const t = 'call.answered';`, syntax('javascript')).branches,
      [],
    );
  });

  it('only files that mention Telnyx are read', () => {
    assert.equal(mentionsTelnyx(`import telnyx`), true);
    assert.equal(mentionsTelnyx(`process.env.TELNYX_API_KEY`), true);
    assert.equal(mentionsTelnyx(`if (x === 'call.answered') {}`), false);
  });
});
