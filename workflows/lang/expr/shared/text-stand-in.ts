// Objects that render as another value when they appear in text. A step's value is a mapping
// (`s.result`, `s.status`, …), but `{{ s }}` in text means its result, as in py-orc; the
// interpreter registers each step value here with its result.
const standIns = new WeakMap<object, unknown>();

export function renderAsInText<T extends object>(value: T, text: unknown): T {
  standIns.set(value, text);
  return value;
}

export function textStandIn(value: object): { value: unknown } | undefined {
  return standIns.has(value) ? { value: standIns.get(value) } : undefined;
}
