import {
  cesqlSyntaxError,
  checkAttributeFilter,
  checkSubscriptionsApiFilter,
  checkSubscriptionsApiFilters,
  Filter,
  renderSubscriptionsApiFilter,
} from '../../../lib/knative/eventing';

describe('attribute filter', () => {
  test('accepts valid names and the empty "any value" match', () => {
    expect(
      checkAttributeFilter({ type: 'oss:ObjectCreated:PutObject', source: '', ext1: 'x' }, 'f'),
    ).toEqual([]);
  });

  test('fails on names Knative rejects', () => {
    const message = (k: string) =>
      `attribute name '${k}' is invalid: CloudEvents attribute names start with a lower-case letter and contain only lower-case letters and digits (^[a-z][a-z0-9]*$)`;
    expect(checkAttributeFilter({ Type: 'a', '1st': 'b', 'my-ext': 'c' }, 'f')).toEqual([
      { path: 'f.Type', message: message('Type') },
      { path: 'f["1st"]', message: message('1st') },
      { path: 'f.my-ext', message: message('my-ext') },
    ]);
  });

  test('fails on a value that is not a string', () => {
    expect(checkAttributeFilter({ type: 3 }, 'f')).toEqual([
      {
        path: 'f.type',
        message: "attribute filter value 3 must be a string; use '' to match any value",
      },
    ]);
  });
});

describe('SubscriptionsAPI filters', () => {
  test('accepts each dialect built by the factories', () => {
    const filters = [
      Filter.exact({ type: 'oss:ObjectCreated:PutObject' }),
      Filter.prefix({ subject: 'acs:oss:cn-hangzhou:123:bucket/incoming/' }),
      Filter.suffix({ subject: '.csv' }),
      Filter.all([Filter.exact({ type: 'a' }), Filter.not(Filter.suffix({ subject: '.tmp' }))]),
      Filter.any([Filter.exact({ type: 'a' }), Filter.exact({ type: 'b' })]),
      Filter.cesql("type LIKE 'oss:ObjectCreated:%' AND EXISTS subject"),
    ];
    expect(checkSubscriptionsApiFilters(filters, 'filters')).toEqual([]);
    expect(filters.map((f) => renderSubscriptionsApiFilter(f.spec))[3]).toEqual({
      all: [{ exact: { type: 'a' } }, { not: { suffix: { subject: '.tmp' } } }],
    });
  });

  test('fails on several dialects in one object', () => {
    expect(
      checkSubscriptionsApiFilter({ exact: { type: 'a' }, prefix: { source: 'b' } }, 'f'),
    ).toEqual([
      {
        path: 'f',
        message:
          'filter mixes the dialects exact, prefix; a filter can have only one dialect, combine several with Filter.all([...]) or Filter.any([...])',
      },
    ]);
  });

  test('fails on an object with no dialect', () => {
    expect(checkSubscriptionsApiFilter({}, 'f')).toEqual([
      {
        path: 'f',
        message:
          'filter has no dialect; set exactly one of exact, prefix, suffix, all, any, not, cesql',
      },
    ]);
  });

  test('fails on empty values in exact, prefix and suffix', () => {
    expect(
      checkSubscriptionsApiFilters(
        [Filter.exact({ type: '' }), Filter.prefix({ source: '' }), Filter.suffix({ subject: '' })],
        'filters',
      ),
    ).toEqual([
      {
        path: 'filters[0].exact.type',
        message:
          "exact filter value for 'type' must be a non-empty string; to match any value use Filter.cesql('EXISTS type')",
      },
      {
        path: 'filters[1].prefix.source',
        message:
          "prefix filter value for 'source' must be a non-empty string; to match any value use Filter.cesql('EXISTS source')",
      },
      {
        path: 'filters[2].suffix.subject',
        message:
          "suffix filter value for 'subject' must be a non-empty string; to match any value use Filter.cesql('EXISTS subject')",
      },
    ]);
  });

  test('fails on an empty attribute map', () => {
    expect(checkSubscriptionsApiFilter(Filter.exact({}).spec, 'f')).toEqual([
      {
        path: 'f.exact',
        message: 'exact filter names no attribute; give at least one attribute and value',
      },
    ]);
  });

  test('fails on invalid attribute names inside dialects', () => {
    expect(checkSubscriptionsApiFilter(Filter.prefix({ Subject: 'a' }).spec, 'f')).toEqual([
      {
        path: 'f.prefix.Subject',
        message:
          "attribute name 'Subject' is invalid: CloudEvents attribute names start with a lower-case letter and contain only lower-case letters and digits (^[a-z][a-z0-9]*$)",
      },
    ]);
  });

  test('fails on empty all and any lists', () => {
    expect(checkSubscriptionsApiFilters([Filter.all([]), Filter.any([])], 'filters')).toEqual([
      {
        path: 'filters[0].all',
        message: 'all filter is an empty list; give at least one nested filter',
      },
      {
        path: 'filters[1].any',
        message: 'any filter is an empty list; give at least one nested filter',
      },
    ]);
  });

  test('checks nested filters with their paths', () => {
    expect(
      checkSubscriptionsApiFilter(Filter.not(Filter.any([Filter.exact({ type: '' })])).spec, 'f'),
    ).toEqual([
      {
        path: 'f.not.any[0].exact.type',
        message:
          "exact filter value for 'type' must be a non-empty string; to match any value use Filter.cesql('EXISTS type')",
      },
    ]);
  });

  test('fails on a cesql expression that does not parse', () => {
    expect(checkSubscriptionsApiFilter(Filter.cesql("type = 'a' AND").spec, 'f')).toEqual([
      {
        path: 'f.cesql',
        message:
          "cesql expression 'type = 'a' AND' does not parse: expected a value at position 14 (end of expression)",
      },
    ]);
  });
});

describe('cesql syntax', () => {
  test.each([
    "type = 'oss:ObjectCreated:PutObject'",
    'subject LIKE \'acs:oss:%/incoming/%\' AND NOT (source = "x")',
    'EXISTS myext OR sequence > 10',
    "type IN ('a', 'b') XOR type NOT IN ('c')",
    "LOWER(type) = 'a' AND -1 < 2 * 3 % 4",
    'TRUE',
    "type NOT LIKE 'x%'",
    "subject = 'it''s' OR subject = 'a\\'b'",
    'IS_INT(sequence)',
  ])('parses %s', (expr) => {
    expect(cesqlSyntaxError(expr)).toBeUndefined();
  });

  test.each([
    ['', 'the expression is empty'],
    ["type = 'a' AND", 'expected a value at position 14 (end of expression)'],
    ["type = 'a", 'unterminated string starting at position 7'],
    ['type == 1', "expected a value at position 6 ('=')"],
    ['(type = 1', "expected ')' at position 9 (end of expression)"],
    ['type LIKE 1', "LIKE needs a string pattern at position 10 ('1')"],
    ['EXISTS 1', "EXISTS needs an attribute name at position 7 ('1')"],
    ['type = 1 subject', "expected an operator or the end at position 9 ('subject')"],
    ['type ; 1', "unexpected character ';' at position 5"],
    ['my_ext = 1', "attribute names have only letters and digits at position 0 ('my_ext')"],
    ['F2(type)', "function names have only letters and '_' at position 0 ('F2')"],
  ])('rejects %j: %s', (expr, reason) => {
    expect(cesqlSyntaxError(expr)).toBe(reason);
  });
});
