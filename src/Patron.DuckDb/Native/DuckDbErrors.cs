using System.Diagnostics.CodeAnalysis;

namespace Patron.DuckDb.Native;

/// <summary>
/// The one place where a failed <see cref="DuckDbState"/> becomes a <see cref="DuckDbException"/>.
/// Each overload reads the error text from the object DuckDB stored it in.
/// </summary>
internal static class DuckDbErrors
{
    internal static unsafe void Check(DuckDbState state, ResultHandle result, string? sql)
    {
        if (state != DuckDbState.Success)
        {
            Throw(NativeMethods.ReadUtf8(NativeMethods.ResultError(result)), sql);
        }
    }

    internal static unsafe void Check(DuckDbState state, PreparedStatementHandle statement, string? sql)
    {
        if (state != DuckDbState.Success)
        {
            Throw(NativeMethods.ReadUtf8(NativeMethods.PrepareError(statement)), sql);
        }
    }

    internal static unsafe void Check(DuckDbState state, PendingResultHandle pending, string? sql)
    {
        if (state != DuckDbState.Success)
        {
            Throw(NativeMethods.ReadUtf8(NativeMethods.PendingError(pending)), sql);
        }
    }

    internal static unsafe void CheckAppender(DuckDbState state, nint appender, string table)
    {
        if (state != DuckDbState.Success)
        {
            var text = NativeMethods.ReadUtf8(NativeMethods.AppenderError(appender));
            Throw(text is null ? null : $"Appender on {table}: {text}", sql: null, fallback: $"Appender on {table} failed.");
        }
    }

    /// <summary>Turns a failed open into an exception naming the path, and frees DuckDB's error string.</summary>
    internal static unsafe void CheckOpen(DuckDbState state, byte* error, string path)
    {
        if (state == DuckDbState.Success)
        {
            return;
        }

        string? text = null;
        if (error is not null)
        {
            text = NativeMethods.ReadUtf8(error);
            NativeMethods.Free(error);
        }

        Throw($"Could not open DuckDB database '{path}': {text ?? "no reason given"}", null);
    }

    /// <summary>For calls whose only diagnostic is the status code, with a message written by the caller.</summary>
    internal static void Check(DuckDbState state, string message, string? sql = null)
    {
        if (state != DuckDbState.Success)
        {
            Throw(null, sql, message);
        }
    }

    [DoesNotReturn]
    internal static void Throw(string? nativeMessage, string? sql, string fallback = "DuckDB reported an error without a message.")
    {
        throw new DuckDbException(string.IsNullOrEmpty(nativeMessage) ? fallback : nativeMessage, sql);
    }
}
