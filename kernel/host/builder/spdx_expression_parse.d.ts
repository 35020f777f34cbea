// Types of spdx-expression-parse (it ships none): it throws on a string that is no SPDX licence expression.
declare module "spdx-expression-parse" {
  export default function parse(expression: string): unknown;
}
