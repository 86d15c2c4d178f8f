// The largest operands the template limits allow, and for every operator, filter, test,
// method and global the expressions that give it the most work. extreme-operands.test.ts
// renders each under a time bound; a name registered without a case here fails that test.

/** 1,000,000 characters: the longest string a template may build (maxOutputChars). */
const MEGA = 1_000_000;

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** A list that holds `[x, x]` doubled `times` times: 2^times leaves, a few dozen objects. */
function doubled(times: number, pair: (inner: unknown) => unknown): unknown {
  let value: unknown = [1];
  for (let round = 0; round < times; round += 1) value = pair(value);
  return value;
}

function nestedList(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

export function extremeScope(): Record<string, unknown> {
  const big = Array.from({ length: MEGA }, (_, index) => MEGA - index);
  return {
    text: repeatTo('ab Cd-ef (gh) ', MEGA),
    unicode: repeatTo('😀é Ωß', MEGA),
    spaces: '1' + ' '.repeat(MEGA - 2) + '1',
    zeros: '0'.repeat(MEGA - 1) + 'x',
    digits: '9'.repeat(MEGA),
    quotes: repeatTo(`<>&'"`, MEGA),
    controls: '\x01'.repeat(MEGA),
    lines: repeatTo('a\n', MEGA),
    dashes: '-'.repeat(MEGA),
    percents: '%('.repeat(MEGA / 2),
    braces: '{'.repeat(MEGA),
    regexInput: 'a'.repeat(200_000),
    big,
    same: new Array<string>(5_000).fill('x'.repeat(MEGA)),
    equal: Array.from({ length: 5_000 }, () => 'y'.repeat(200)),
    strings: Array.from({ length: 100_000 }, (_, index) => `s${index % 50_000}`),
    records: Array.from({ length: 100_000 }, (_, index) => ({ name: `n${index}`, age: index % 90, team: `t${index % 7}` })),
    wide: JSON.parse('{' + Array.from({ length: 100_000 }, (_, index) => `"key${index}": ${index}`).join(',') + '}') as unknown,
    wideTwin: JSON.parse('{' + Array.from({ length: 100_000 }, (_, index) => `"key${index}": ${index}`).join(',') + '}') as unknown,
    rows: Array.from({ length: 1_000 }, () => big.slice(0, 1_000)),
    deep: nestedList(190),
    deeper: nestedList(10_000),
    doubled: doubled(30, (inner) => [inner, inner]),
    twin: doubled(30, (inner) => [inner, inner]),
    doubledMap: doubled(30, (inner) => ({ a: inner, b: inner })),
    huge: 1e308,
    tiny: 5e-324,
    nan: Number.NaN,
    inf: Number.POSITIVE_INFINITY,
    maxint: 2 ** 53,
  };
}

const CATASTROPHIC = ['(a|aa)*(a+)+b', '(((a+)+)+)+b', '[a-z0-9]{1,50}[0-9]{1,50}x', '(?i)(a|A)*(a+)+b', '.*.*.*.*y', '(x+x+)+y', 'a.*b|a'];
const regexCases = (call: (pattern: string) => string): string[] => CATASTROPHIC.map((pattern) => call(pattern));
const COUNTS = ['100000000000', '1e308', '-1e308', '10**15', '2**53'];
const NUMBERS = ['huge', 'tiny', 'nan', 'inf', '-inf', 'maxint', '-maxint'];

/** By registry: `filter:name`, `test:name`, `method:name` (strings or mappings), `global:name`, `operator:op`. */
export const EXTREME_CASES: Readonly<Record<string, readonly string[]>> = {
  'operator:+': ['text + text', 'big + big', 'huge + huge', 'rows + rows', 'doubled + doubled'],
  'operator:-': NUMBERS.map((number) => `${number} - huge`),
  'operator:*': [
    ...COUNTS.flatMap((count) => [`[] * ${count}`, `${count} * []`, `'' * ${count}`, `'a' * ${count}`, `[1] * ${count}`, `${count} * [big]`]),
    '[] * -1', "'ab' * -100", 'big * 2', 'text * 2', '[big] * 1000000', '(big * 1) * 1', 'huge * huge',
  ],
  'operator:/': NUMBERS.map((number) => `${number} / tiny`),
  'operator://': NUMBERS.map((number) => `${number} // tiny`),
  'operator:%': ["text % ()", "percents % {}", "'%s' % [doubled]", "'%r' % [doubled]", "'%r' % [controls]", "'%999999s' % 1", "'%.999999f' % huge", "'%.999999g' % tiny", "'%c' % text", 'huge % tiny', "('%s' * 500000) % big[:500000]", "('%%' * 500000) % ()"],
  'operator:**': ['huge ** huge', 'tiny ** -huge', '2 ** 1e308', '-2 ** 0.5', '9 ** 9 ** 9', 'maxint ** 2'],
  'operator:~': ['text ~ text', 'doubled ~ 1', 'doubledMap ~ 1', 'big ~ big', 'deep ~ deep', 'same ~ 1'],
  'operator:==': ['text == text ~ ""', 'big == big[:]', 'same == same[:]', 'rows == rows[:]', 'doubled == [doubled[0], doubled[1]]', 'doubled == twin', 'deep == deep', 'deeper == deeper', 'wide == wide', 'wide == wideTwin'],
  'operator:!=': ['text != text ~ ""', 'doubled != [doubled[0], doubled[1]]', 'same != same[:]'],
  'operator:<': ['text < text ~ ""', 'same < same[:]', 'doubled < [doubled[0], doubled[1]]', 'doubled < twin', 'rows < rows[:]', 'deep < deep'],
  'operator:<=': ['same <= same[:]', 'doubled <= [doubled[0], doubled[1]]'],
  'operator:>': ['same > same[:]', 'big > big[:]'],
  'operator:>=': ['same >= same[:]', 'rows >= rows[:]'],
  'operator:in': ["(text[:500000] ~ 'x') in text", "text in text", '0 in big', '"zz" in wide', 'text ~ "" in same', 'doubled in [doubled, doubled]', '[1] in [twin] * 1000000'],
  'operator:not in': ["'a' * 500000 ~ 'b' not in text", '-1 not in big'],
  'unary:not': ['not wide', 'not big', 'not text'],
  'unary:-': NUMBERS.map((number) => `-${number}`),
  'unary:+': NUMBERS.map((number) => `+${number}`),
  'operator:and': ['wide and big and text', 'doubledMap and wide'],
  'operator:or': ['{} or wide', "'' or text"],
  'access:item': ['text[999999]', 'text[-1]', 'unicode[999998]', 'unicode[-1]', 'big[-1]', "wide['key99999']", "wide['nokey']", 'unicode[5000000]'],
  'access:attribute': ['wide.key99999', 'wide.keyy9999', 'records[99999].name'],
  'access:slice': ['text[::-1]', 'unicode[::-1]', 'unicode[1:999999]', 'text[:999999]', 'big[::-1]', 'big[::2]', 'unicode[-500000:]', 'text[::1000000000]'],
  'filter:default': ['missing | default(big)', 'text | default(big, true)', 'wide | default(1, true)'],
  'filter:d': ['missing | d(text)', "'' | d(wide, true)"],
  'filter:upper': ['text | upper', 'unicode | upper', 'doubled | upper', "('ß' * 600000) | upper"],
  'filter:lower': ['text | lower', 'unicode | lower', 'doubledMap | lower'],
  'filter:capitalize': ['text | capitalize', 'unicode | capitalize'],
  'filter:title': ['text | title', 'unicode | title', 'dashes | title', 'spaces | title'],
  'filter:trim': ['spaces | trim', 'text | trim', "unicode | trim('😀é')", "dashes | trim('-')", 'doubled | trim'],
  'filter:strip': ['spaces | strip', "text | strip('ab Cd-ef(h) ')"],
  'filter:replace': ["text | replace('a', 'bb')", "text | replace('', 'x')", "unicode | replace('', '')", "text | replace(text, text)", "text | replace(' ', ' ' * 1000000)", "text | replace('a', 'b', 100000000000)"],
  'filter:truncate': ['text | truncate(999990)', 'unicode | truncate(999990)', 'unicode | truncate(10)', 'text | truncate(5, false, "...", 1000000000)'],
  'filter:truncate_words': ['text | truncate_words(1000000)', 'spaces | truncate_words(1)', 'unicode | truncate_words(100)'],
  'filter:wordcount': ['text | wordcount', 'unicode | wordcount', 'spaces | wordcount', 'doubled | wordcount'],
  'filter:split': ['text | split', 'spaces | split', "text | split(' ')", "text | split(' ', 100000000000)", 'unicode | split', "lines | split('\\n')", "dashes | split('-')"],
  'filter:indent': ['lines | indent(100)', 'lines | indent(1, true, true)', 'text | indent(1000000)', "lines | indent('xx')"],
  'filter:center': ['text | center(1000000)', "'x' | center(999999)", 'unicode | center(2000000)'],
  'filter:format': ["percents | format()", "('%s' * 2) | format(doubled, doubledMap)", "'%999999s' | format(1)", "braces | format(a=1)", "('{a}' * 300000) | format(a='xxx')", "'%(a)s' | format(a=doubled)"],
  'filter:slugify': ['text | slugify', 'unicode | slugify', 'dashes | slugify', 'spaces | slugify'],
  'filter:basename': ['text | basename', "('/' * 1000000) | basename"],
  'filter:string': ['doubled | string', 'doubledMap | string', 'big | string', 'wide | string', 'deep | string', 'deeper | string', 'rows | string'],
  'filter:safe': ['doubled | safe', 'text | safe'],
  'filter:escape': ['quotes | escape', 'text | escape', 'doubled | escape'],
  'filter:e': ['quotes | e', 'unicode | e'],
  'filter:length': ['text | length', 'unicode | length', 'big | length', 'wide | length'],
  'filter:count': ['unicode | count', 'wide | count'],
  'filter:join': ['big | join', 'big | join(text)', '[doubled] | join', 'same | join', 'rows | join', "records | join(',', attribute='name')", 'text | join(",")', 'wide | join'],
  'filter:first': ['text | first', 'unicode | first', 'big | first', 'wide | first'],
  'filter:last': ['text | last', 'unicode | last', 'big | last', 'wide | last'],
  'filter:list': ['text | list', 'unicode | list', 'big | list', 'wide | list'],
  'filter:sort': ['[doubled, twin] | sort', 'same | sort', 'equal | sort', 'big | sort', 'strings | sort', 'text | sort', 'rows | sort', "records | sort(attribute='team,age')", 'same | sort(case_sensitive=true)', '[doubled, [doubled[0], doubled[1]]] | sort', 'wide | sort'],
  'filter:unique': ['same | unique', 'equal | unique', 'big | unique', 'strings | unique', 'text | unique', "records | unique(attribute='team')", 'wide | unique', 'rows | unique'],
  'filter:reverse': ['text | reverse', 'unicode | reverse', 'big | reverse', 'wide | reverse'],
  'filter:sum': ['big | sum', 'rows | sum(start=[])', "records | sum(attribute='age')", 'same | sum'],
  'filter:min': ['same | min', 'big | min', 'rows | min', 'text | min', 'strings | min', 'wide | min'],
  'filter:max': ['same | max', 'big | max', 'unicode | max', "records | max(attribute='name')"],
  'filter:batch': ['big | batch(1)', 'big | batch(1000000, 0)', 'text | batch(1)', 'big | batch(100000000000, 0)', 'wide | batch(3)'],
  'filter:items': ['wide | items', 'doubledMap | items'],
  'filter:dictsort': ['wide | dictsort', "wide | dictsort(by='value', reverse=true)"],
  'filter:groupby': ["records | groupby('team')", "records | groupby('name')", "same | groupby(0)", "rows | groupby(0)"],
  'filter:map': ["big | map('string')", "records | map(attribute='name')", "same | map('upper')", "text | map('upper')", "rows | map('sum')", "same | map('length')", "wide | map('upper')"],
  'filter:select': ["big | select('odd')", 'same | select', "records | select('mapping')", "text | select('eq', 'a')"],
  'filter:reject': ["big | reject('even')", "same | reject('lower')", "rows | reject('in', big)"],
  'filter:selectattr': ["records | selectattr('age', 'gt', 40)", "records | selectattr('name', 'eq', text)", "same | selectattr(0, 'eq', 'x')"],
  'filter:rejectattr': ["records | rejectattr('team', 'in', strings)", "records | rejectattr('missing', 'defined')"],
  'filter:abs': NUMBERS.map((number) => `${number} | abs`),
  'filter:round': [...NUMBERS.map((number) => `${number} | round(1000000000)`), '0.5 | round(400000000)', '1.5 | round(-1000000000)', "tiny | round(1000000000, 'ceil')", "huge | round(-1000000000, 'floor')"],
  'filter:int': ['spaces | int', 'digits | int', 'zeros | int(base=0)', 'text | int', "('0x' ~ digits) | int(base=16)", "('_' * 1000000) | int", 'unicode | int', 'huge | int', 'nan | int'],
  'filter:float': ['spaces | float', 'digits | float', "('1' * 500000 ~ '.' ~ '1' * 499999) | float", "('1_' * 500000) | float", 'text | float', "('1e' ~ digits) | float"],
  'filter:bool': ['spaces | bool', 'text | bool', 'wide | bool'],
  'filter:tojson': ['doubled | tojson', 'doubledMap | tojson', 'wide | tojson', 'quotes | tojson', 'controls | tojson', 'unicode | tojson', 'big | tojson', 'deep | tojson', 'deeper | tojson', "rows | tojson(indent=100)", "[quotes] | tojson(indent='<>')", 'same | tojson'],
  'filter:to_json': ['doubled | to_json', 'wide | to_json(indent=2)'],
  'filter:json': ['doubledMap | json', 'controls | json'],
  'filter:json_encode': ['doubled | json_encode', 'quotes | json_encode'],
  'filter:from_json': ['(big | tojson) | from_json', "('[' * 500000 ~ ']' * 500000) | from_json", "(wide | tojson) | from_json", "text | from_json", "('\"' ~ 'a' * 999998 ~ '\"') | from_json"],
  'filter:regex_search': [...regexCases((pattern) => `regexInput | regex_search('${pattern}')`), "text | regex_search('x')", "regexInput | regex_search('a', ignorecase=true)"],
  'filter:regex_replace': [...regexCases((pattern) => `regexInput | regex_replace('${pattern}', 'x')`), "regexInput | regex_replace('', 'xxxxx')", "regexInput | regex_replace('a', '\\\\g<0>\\\\g<0>\\\\g<0>\\\\g<0>\\\\g<0>\\\\g<0>')", "regexInput | regex_replace('(a)', '\\\\1' * 1000)"],
  'filter:date': ["0 | date('%c' * 500000)", "0 | date('%%' * 500000)", "text | date", "huge | date", "'now' | date"],
  'test:defined': ['wide is defined', 'doubled is defined'],
  'test:undefined': ['missing is undefined', 'text is undefined'],
  'test:none': ['wide is none', 'text is none'],
  'test:string': ['text is string', 'doubled is string'],
  'test:number': ['huge is number', 'big is number'],
  'test:integer': ['huge is integer', 'nan is integer'],
  'test:float': ['tiny is float', 'inf is float'],
  'test:boolean': ['text is boolean'],
  'test:true': ['wide is true'],
  'test:false': ['wide is false'],
  'test:mapping': ['wide is mapping', 'doubledMap is mapping'],
  'test:sequence': ['text is sequence', 'wide is sequence'],
  'test:iterable': ['big is iterable', 'wide is iterable'],
  'test:odd': ['huge is odd', 'nan is odd', 'inf is odd', 'maxint is odd'],
  'test:even': ['huge is even', 'tiny is even'],
  'test:divisibleby': ['huge is divisibleby tiny', 'maxint is divisibleby 0', 'nan is divisibleby inf'],
  'test:eq': ['same is eq same[:]', 'doubled is eq twin', 'wide is eq wideTwin', 'doubled is eq [doubled[0], doubled[1]]', 'text is eq text ~ ""', 'wide is eq wide'],
  'test:equalto': ['rows is equalto rows[:]', 'deeper is equalto deeper'],
  'test:==': ["rows | select('==', rows[0])", "same | select('==', text)", "[doubledMap] | select('==', doubledMap)"],
  'test:ne': ['same is ne same[:]', 'doubled is ne [doubled[0], doubled[1]]'],
  'test:!=': ["rows | select('!=', rows[0])"],
  'test:gt': ['same is gt same[:]', 'text is gt text ~ ""', 'doubled is gt [doubled[0], doubled[1]]'],
  'test:>': ["rows | select('>', rows[0])"],
  'test:ge': ['same is ge same[:]', 'deep is ge deep'],
  'test:>=': ["big | select('>=', 0)", "same | select('>=', text)"],
  'test:lt': ['same is lt same[:]', 'unicode is lt unicode ~ ""'],
  'test:<': ["rows | select('<', rows[0])"],
  'test:le': ['same is le same[:]'],
  'test:<=': ["[doubled, twin] | select('<=', twin)"],
  'test:in': ["text is in text", 'doubled is in [doubled, doubled]', "'zz' is in wide", '-1 is in big', "text ~ '' is in same"],
  'test:sameas': ['text is sameas text', 'doubled is sameas doubled'],
  'test:lower': ['text is lower', 'unicode is lower', 'doubled is lower', 'wide is lower'],
  'test:upper': ['text is upper', 'unicode is upper', 'quotes is upper'],
  'global:range': ['range(100000)', 'range(100000000000)', 'range(-100000000000, 100000000000, 1000000)', 'range(0, 1e308, 1e300)', 'range(maxint)'],
  'global:len': ['len(text)', 'len(unicode)', 'len(wide)', 'len(big)'],
  'global:min': ['min(same)', 'min(big)', 'min(text)', 'min(rows)', 'min(wide)', 'min(text, text ~ "")'],
  'global:max': ['max(same)', 'max(unicode)', 'max(rows)', 'max(doubled, [doubled[0], doubled[1]])'],
  'global:now': ['now()'],
  'method:upper': ['text.upper()', 'unicode.upper()', "('ß' * 600000).upper()"],
  'method:lower': ['text.lower()', 'unicode.lower()'],
  'method:title': ['text.title()', 'unicode.title()', 'dashes.title()'],
  'method:capitalize': ['text.capitalize()', 'unicode.capitalize()'],
  'method:strip': ['spaces.strip()', "unicode.strip('😀é Ωß')", "dashes.strip('-')"],
  'method:lstrip': ['spaces.lstrip()', "dashes.lstrip('-')"],
  'method:rstrip': ['spaces.rstrip()', "text.rstrip('ab Cd-ef(gh) ')"],
  'method:split': ['text.split()', 'spaces.split()', "text.split(' ')", "dashes.split('-')", 'unicode.split(None, 100000000000)'],
  'method:startswith': ['text.startswith(text)', 'text.startswith(same)', 'text.startswith(strings)'],
  'method:endswith': ['text.endswith(text)', 'text.endswith(same)', 'unicode.endswith(equal)'],
  'method:replace': ["text.replace('a', 'bb')", "text.replace('', '-')", "text.replace(' ', text)", "text.replace('a', 'b', 100000000000)"],
  'method:join': ['text.join(strings)', "''.join(same)", "','.join(text)", "text.join(['a', 'b'])", 'text.join(wide)'],
  'method:get': ["wide.get('key99999')", "wide.get('nokey', big)"],
  'method:items': ['wide.items()', 'doubledMap.items()'],
  'method:keys': ['wide.keys()'],
  'method:values': ['wide.values()'],
};

/** Whole templates, for what is not one expression: rendering text, loops. */
export const EXTREME_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  'statement:output': ['{{ doubled }}', '{{ doubledMap }}', '{{ text }}{{ text }}', '{{ deeper }}', '{{ same }}', '{{ wide }}'],
  'statement:for': [
    '{% for c in text %}{% endfor %}',
    '{% for k in wide %}{{ k }}{% endfor %}',
    '{% for k, v in wide | items %}{% endfor %}',
    '{% for x in big if x > 0 %}{% endfor %}',
    '{% for i in range(100000) %}{{ text[i] }}{% endfor %}',
    '{% for i in range(100000) %}{{ unicode[i] }}{% endfor %}',
    '{% for a, b in wide %}{% endfor %}',
  ],
};

/** `{% set x0 = [1] %}{% set x1 = [x0, x0] %}…`: a list of 2^30 ones, built by the template. */
const DOUBLED_30 = Array.from({ length: 30 }, (_, round) => `{% set x${round + 1} = [x${round}, x${round}] %}`).join('');
const WHITESPACE_RUN = "('1' ~ ' ' * 999998 ~ '1')";
const MEGABYTE_TEXT = "('ab c' * 250000)";
const STEPS_EXCEEDED = /^limit: the template took more than 2000000 evaluation steps/;
const TEXT_TOO_LONG = /^limit: the template would build a string of more than 1000000 characters/;
const repeatedUntilSpent = (expression: string): string => `{% for i in range(100000) %}{% set r = ${expression} %}{% endfor %}`;

/** The slow templates the issue lists, by name: [title, template, the text or the error it ends with]. */
export const ISSUE_CASES: readonly (readonly [string, string, string | RegExp])[] = [
  ['an empty list repeated 10^11 times never finished', '{{ ([] * 100000000000) | length }}', '0'],
  ['an empty list repeated 10^8 times took 4.8 s', '{{ [] * 100000000 }}', '[]'],
  ['1e308 times an empty list never finished', '{{ 1e308 * [] }}', '[]'],
  ['tojson of a list doubled 30 times took a minute and 1 GB', `{% set x0 = [1] %}${DOUBLED_30}{{ x30 | tojson }}`, TEXT_TOO_LONG],
  ['rendering a list doubled 30 times', `{% set x0 = [1] %}${DOUBLED_30}{{ x30 }}`, TEXT_TOO_LONG],
  ['joining a list doubled 30 times', `{% set x0 = [1] %}${DOUBLED_30}{{ x30 | join }}`, TEXT_TOO_LONG],
  ['sort of 5,000 equal long strings took 60 s', "{{ (['x' * 1000000] * 5000) | sort | length }}", STEPS_EXCEEDED],
  ['sort of 5,000 equal strings of 200 characters', "{{ (['x' * 200] * 5000) | sort | length }}", '5000'],
  ['unique of 5,000 equal long strings took 18 s', "{{ (['x' * 1000000] * 5000) | unique | length }}", STEPS_EXCEEDED],
  ['int of a long inner run of whitespace took 26 s', `{{ ${WHITESPACE_RUN} | int }}`, '0'],
  ['float of a long inner run of whitespace took 12 s', `{{ ${WHITESPACE_RUN} | float }}`, '0'],
  ['trim of a long inner run of whitespace took 11 s', `{{ ${WHITESPACE_RUN} | trim | length }}`, '1000000'],
  ['lower of a 1 MB string', `{{ ${MEGABYTE_TEXT} | lower | length }}`, '1000000'],
  ['split of a 1 MB string', `{{ ${MEGABYTE_TEXT} | split | length }}`, '250001'],
  ['wordcount of a 1 MB string', `{{ ${MEGABYTE_TEXT} | wordcount }}`, '250001'],
  ['lower of a 1 MB string, until the step budget is spent', repeatedUntilSpent(`${MEGABYTE_TEXT} | lower`), STEPS_EXCEEDED],
  ['split of a 1 MB string, until the step budget is spent', repeatedUntilSpent(`${MEGABYTE_TEXT} | split`), STEPS_EXCEEDED],
  ['wordcount of a 1 MB string, until the step budget is spent', repeatedUntilSpent(`${MEGABYTE_TEXT} | wordcount`), STEPS_EXCEEDED],
];
