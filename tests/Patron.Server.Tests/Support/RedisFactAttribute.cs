namespace Patron.Server.Tests.Support;

/// <summary>A fact that needs redis-server: skipped, saying why, only when the binary is not installed.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Binary is null)
        {
            Skip = "redis-server is not installed (Debian package redis-server; .ci/run installs it).";
        }
    }
}

/// <summary>A theory that needs redis-server: skipped, saying why, only when the binary is not installed.</summary>
public sealed class RedisTheoryAttribute : TheoryAttribute
{
    public RedisTheoryAttribute()
    {
        if (RedisServer.Binary is null)
        {
            Skip = "redis-server is not installed (Debian package redis-server; .ci/run installs it).";
        }
    }
}
