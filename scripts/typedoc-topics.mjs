// typedoc plugin: puts every top-level export of a package under a topic (@category) named after
// the folder of the source file it is declared in (packages/core/src/money/ → "Money"), so the
// API reference is grouped by topic without a tag on each of ~200 exports, and a new export lands
// in its topic by itself. An explicit `@category` in the TSDoc wins.
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';

const topics = [
  [/\/src\/money\//, 'Money'],
  [/\/src\/calendar\//, 'Calendar'],
  [/\/src\/law\//, 'German law'],
  [/\/src\/data\//, 'Legal data'],
  [/\/src\/payment\//, 'Payment references'],
  [/\/src\/policy\//, 'Policy'],
  [/\/src\/ledger\//, 'Ledger'],
  [/\/src\/engine\//, 'Engine'],
  [/\/src\/simulate\//, 'Simulation'],
  [/\/src\/audit\//, 'Audit trail'],
  [/\/src\/ports\//, 'Ports'],
  [/\/src\/errors\//, 'Errors'],
  [/\/src\/conformance\//, 'Conformance'],
  [/\/src\/matchers\.ts$/, 'Matchers'],
  [/\/src\/commands\//, 'Commands'],
];

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.parent?.kindOf(ReflectionKind.Module | ReflectionKind.Project)) return;
    const symbol = context.getSymbolFromReflection(reflection);
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName.replace(/\\/g, '/');
    if (file === undefined) return;
    const topic = topics.find(([pattern]) => pattern.test(file))?.[1] ?? 'General';
    const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
    if (comments.some((c) => c?.getTag('@category'))) return;
    reflection.comment ??= new Comment();
    reflection.comment.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: topic }]));
  });
}
