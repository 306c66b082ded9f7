namespace Patron.Server.Store.Resp;

/// <summary>Redis could not answer a read: the connection failed or timed out, or Redis replied with an error.</summary>
internal sealed class RedisStoreException : Exception
{
    public RedisStoreException()
    {
    }

    public RedisStoreException(string message)
        : base(message)
    {
    }

    public RedisStoreException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
