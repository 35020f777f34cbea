// The AssemblyScript integer types, as TypeScript sees them in files both compilers read (components/lib/sha256.ts): numbers.
declare type i32 = number;
declare type u32 = number;
declare type u8 = number;
