namespace Patron.DuckDb.Native;

/// <summary>The <c>duckdb_state</c> status code most C API functions return.</summary>
internal enum DuckDbState
{
    Success = 0,
    Error = 1,
}
