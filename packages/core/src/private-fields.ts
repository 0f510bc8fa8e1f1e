/**
 * A class whose constructor returns the object it is given: a subclass's private fields are then
 * added to that object, its prototype unchanged (a plain object stays plain: private fields are not
 * properties, so no key, symbol, descriptor, JSON, clone or deep comparison sees them). Adding a
 * private field this way is cheaper than `Object.defineProperty` of a hidden symbol (a call into the
 * runtime) and, unlike a WeakMap entry, lets the mark die with its object in a young-generation
 * collection. The one definition for every such mark in core (statement keys, said reasons, lean
 * simulate results).
 *
 * @internal
 */
export class ReturnsItsArgument {
  constructor(target: object) {
    return target;
  }
}
