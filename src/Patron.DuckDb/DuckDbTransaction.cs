namespace Patron.DuckDb;

/// <summary>A transaction on one connection; disposing it without <see cref="Commit"/> rolls it back.</summary>
public sealed class DuckDbTransaction : IDisposable
{
    private readonly DuckDbConnection _connection;
    private bool _completed;

    internal DuckDbTransaction(DuckDbConnection connection)
    {
        _connection = connection;
    }

    public void Commit()
    {
        ThrowIfCompleted();
        _completed = true;
        _connection.Execute("COMMIT");
    }

    public void Rollback()
    {
        ThrowIfCompleted();
        _completed = true;
        _connection.Execute("ROLLBACK");
    }

    public void Dispose()
    {
        if (!_completed)
        {
            Rollback();
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The transaction has already been committed or rolled back.");
        }
    }
}
