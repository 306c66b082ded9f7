using System.Net;
using System.Net.Sockets;
using Patron.Server.Store;

namespace Patron.Server.Tests.Store;

public sealed class RedisAddressTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6380", "127.0.0.1", 6380)]
    [InlineData("redis://cache.internal:7000/", "cache.internal", 7000)]
    [InlineData("REDIS://cache", "cache", 6379)]
    [InlineData("redis://[::1]:6379", "::1", 6379)]
    public void Parse_TcpStore_HostAndPort(string store, string host, int port)
    {
        var address = RedisAddress.Parse(store);

        Assert.True(RedisAddress.IsRedis(store));
        Assert.False(address.IsUnixSocket);
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Null(address.SocketPath);
    }

    [Fact]
    public void Parse_IpAndName_IpEndPointOrDnsEndPoint()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6390), RedisAddress.Parse("redis://127.0.0.1:6390").EndPoint);
        Assert.Equal(new DnsEndPoint("cache", 6391), RedisAddress.Parse("redis://cache:6391").EndPoint);
    }

    [Fact]
    public void Parse_UnixStore_SocketPathAndItsEndPoint()
    {
        var address = RedisAddress.Parse("unix:///run/redis/redis.sock");

        Assert.True(RedisAddress.IsRedis("unix:///run/redis/redis.sock"));
        Assert.True(address.IsUnixSocket);
        Assert.Equal("/run/redis/redis.sock", address.SocketPath);
        Assert.Equal("/run/redis/redis.sock", Assert.IsType<UnixDomainSocketEndPoint>(address.EndPoint).ToString());
        Assert.IsType<UnixDomainSocketEndPoint>(Assert.Single(address.Configuration().EndPoints));
    }

    [Theory]
    [InlineData("unix://relative.sock")]
    [InlineData("unix://")]
    [InlineData("unix:///run/redis/")]
    [InlineData("redis://host:port")]
    [InlineData("redis://host:70000")]
    [InlineData("redis://")]
    [InlineData("memcached://host:11211")]
    public void Parse_Malformed_ArgumentExceptionNamingTheForm(string store)
    {
        var error = Assert.Throws<ArgumentException>(() => RedisAddress.Parse(store));

        Assert.Contains(store.StartsWith("unix", StringComparison.Ordinal) ? "unix:///PATH" : "redis://HOST:PORT", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("memcached://host:11211")]
    [InlineData("")]
    public void IsRedis_OtherStores_False(string store) => Assert.False(RedisAddress.IsRedis(store));
}
