// Prints the server's AppRouter as self-contained declarations: every procedure's input and output
// written out as plain types, so a consumer of the built package never resolves the server's or
// core's sources (nor the Prisma, DuckDB or zod types they are built from). Only @trpc/server's
// own router and procedure types are referenced.
import ts from "typescript";

const PROCEDURE_TYPES = {
  query: "TRPCQueryProcedure",
  mutation: "TRPCMutationProcedure",
  subscription: "TRPCSubscriptionProcedure",
} as const;

/** Writes a type structurally; a type met again inside itself (a recursive JSON value) becomes `unknown`. */
function typePrinter(program: ts.Program) {
  const checker = program.getTypeChecker();
  const isLib = (symbol: ts.Symbol | undefined) =>
    !!symbol?.declarations?.length && symbol.declarations.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
  const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

  function print(type: ts.Type, path: ts.Type[]): string {
    if (path.includes(type)) return "unknown";
    const inner = [...path, type];
    const flags = type.flags;
    if (flags & ts.TypeFlags.TypeParameter) throw new Error(`unexpected type parameter ${checker.typeToString(type)}`);
    if (type.isUnion()) return type.types.map((t) => print(t, inner)).join(" | ");
    if (type.isIntersection() && !type.types.every((t) => t.flags & ts.TypeFlags.Object)) {
      return type.types.map((t) => `(${print(t, inner)})`).join(" & ");
    }
    if (!(flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) {
      if (flags & (ts.TypeFlags.UniqueESSymbol | ts.TypeFlags.Conditional | ts.TypeFlags.Index | ts.TypeFlags.IndexedAccess)) {
        throw new Error(`cannot write ${checker.typeToString(type)} without its source`);
      }
      return checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
    }
    if (checker.isArrayType(type)) return `Array<${print(checker.getTypeArguments(type as ts.TypeReference)[0]!, inner)}>`;
    if (checker.isTupleType(type)) {
      const reference = type as ts.TypeReference;
      const elementFlags = (reference.target as ts.TupleType).elementFlags;
      const elements = checker.getTypeArguments(reference).map((t, i) => {
        const f = elementFlags[i] ?? ts.ElementFlags.Required;
        return f & ts.ElementFlags.Rest ? `...Array<${print(t, inner)}>` : `${print(t, inner)}${f & ts.ElementFlags.Optional ? "?" : ""}`;
      });
      return `[${elements.join(", ")}]`;
    }
    if (isLib(type.symbol) && !type.aliasSymbol) {
      // Date, Uint8Array, AsyncGenerator<…>: the standard library is the consumer's too.
      const args = (type as ts.TypeReference).target ? checker.getTypeArguments(type as ts.TypeReference) : [];
      return args.length ? `${type.symbol.name}<${args.map((t) => print(t, inner)).join(", ")}>` : type.symbol.name;
    }
    if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length) {
      throw new Error(`a function type in the API: ${checker.typeToString(type)}`);
    }
    const members = checker.getPropertiesOfType(type).map((p) => {
      const optional = p.flags & ts.SymbolFlags.Optional ? "?" : "";
      return `${key(p.name)}${optional}: ${print(checker.getTypeOfSymbol(p), inner)};`;
    });
    const indexes = checker
      .getIndexInfosOfType(type)
      .map((info) => `[key: ${checker.typeToString(info.keyType)}]: ${print(info.type, inner)};`);
    return `{ ${[...indexes, ...members].join(" ")} }`;
  }
  return (type: ts.Type) => print(type, []);
}

/** Declarations for `AppRouter` (exported as `exportName` from `entry`), `RouterInputs` and `RouterOutputs`. */
export function routerDeclarations(tsconfigPath: string, entry: string, exportName = "AppRouter"): string {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error(`cannot read ${tsconfigPath}`);
  const program = ts.createProgram({ rootNames: [entry], options: parsed.options });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  const exported = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === exportName);
  if (!exported) throw new Error(`${entry} exports no ${exportName}`);
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const router = checker.getDeclaredTypeOfSymbol(symbol);
  const print = typePrinter(program);
  const prop = (type: ts.Type, ...names: string[]) =>
    names.reduce((t, name) => {
      const p = checker.getPropertyOfType(t, name);
      if (!p) throw new Error(`the router type has no ${names.join(".")}`);
      return checker.getTypeOfSymbol(p);
    }, type);

  function record(type: ts.Type, indent: string): string {
    const entries = checker.getPropertiesOfType(type).map((p) => {
      const value = checker.getTypeOfSymbol(p);
      const def = checker.getPropertyOfType(value, "_def");
      if (!def) return `${indent}  ${p.name}: ${record(value, `${indent}  `)};`;
      const kind = checker.typeToString(prop(value, "_def", "type")).replace(/"/g, "") as keyof typeof PROCEDURE_TYPES;
      const input = print(prop(value, "_def", "$types", "input"));
      const output = print(prop(value, "_def", "$types", "output"));
      return `${indent}  ${p.name}: ${PROCEDURE_TYPES[kind]}<{ input: ${input}; output: ${output}; meta: object }>;`;
    });
    return `{\n${entries.join("\n")}\n${indent}}`;
  }

  const errorShape = print(prop(router, "_def", "_config", "$types", "errorShape"));
  return [
    "// Generated by scripts/router-declarations.ts from the server's AppRouter; do not edit.",
    `import type { ${[...Object.values(PROCEDURE_TYPES), "TRPCBuiltRouter", "inferRouterInputs", "inferRouterOutputs"].join(", ")} } from "@trpc/server";`,
    `type TRoot = { ctx: object; meta: object; errorShape: ${errorShape}; transformer: true };`,
    `export type AppRouter = TRPCBuiltRouter<TRoot, ${record(prop(router, "_def", "record"), "")}>;`,
    "export type RouterInputs = inferRouterInputs<AppRouter>;",
    "export type RouterOutputs = inferRouterOutputs<AppRouter>;",
    "",
  ].join("\n");
}
