using Patron.DuckDb.Native;

namespace Patron.DuckDb;

/// <summary>The native appender behind <see cref="DuckDbAppender"/> and <see cref="DuckDbChunkAppender"/>: created with its
/// status checked, its handle referenced so the raw pointer stays valid for the hot append calls, and closed (flushing
/// the last rows) then released exactly once.</summary>
/// <remarks>Not thread-safe, like the appenders that hold it.</remarks>
internal sealed class AppenderLease
{
    private readonly AppenderHandle _handle;

    public AppenderLease(DuckDbConnection connection, string schema, string table)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        Table = string.IsNullOrEmpty(schema) ? table : schema + "." + table;
        var status = NativeMethods.AppenderCreate(connection.Handle, string.IsNullOrEmpty(schema) ? null : schema, table, out _handle);
        var added = false;
        _handle.DangerousAddRef(ref added);
        Raw = _handle.DangerousGetHandle();
        try
        {
            Check(status);
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>The appender pointer, valid until <see cref="Close"/> or <see cref="Release"/>.</summary>
    public nint Raw { get; }

    /// <summary>The table appended to, as <c>schema.table</c>, for messages.</summary>
    public string Table { get; }

    public bool Closed { get; private set; }

    /// <summary>Throws with DuckDB's appender error when <paramref name="status"/> is an error.</summary>
    public void Check(DuckDbState status) => DuckDbErrors.CheckAppender(status, Raw, Table);

    /// <summary>Flushes the remaining rows and releases the handle; false (nothing done) when already closed.</summary>
    public bool Close()
    {
        if (Closed)
        {
            return false;
        }

        Closed = true;
        try
        {
            Check(NativeMethods.AppenderClose(Raw));
        }
        finally
        {
            Release();
        }

        return true;
    }

    /// <summary>Releases the handle without flushing (construction failed).</summary>
    public void Release()
    {
        Closed = true;
        _handle.DangerousRelease();
        _handle.Dispose();
    }
}
