using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

// Logical types.
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "duckdb_get_type_id")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial NativeTypeId GetTypeId(LogicalTypeHandle type);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_decimal_width")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial byte DecimalWidth(LogicalTypeHandle type);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_decimal_scale")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial byte DecimalScale(LogicalTypeHandle type);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_decimal_internal_type")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial NativeTypeId DecimalInternalType(LogicalTypeHandle type);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_enum_internal_type")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial NativeTypeId EnumInternalType(LogicalTypeHandle type);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_enum_dictionary_size")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial uint EnumDictionarySize(LogicalTypeHandle type);

    // The returned string is allocated by DuckDB and must be released with duckdb_free.
    [LibraryImport(LibraryName, EntryPoint = "duckdb_enum_dictionary_value")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial byte* EnumDictionaryValue(LogicalTypeHandle type, ulong index);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_logical_type")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void DestroyLogicalType(ref nint type);
}
