using Patron.Server.Store.Resp;

namespace Patron.Server.Tests.Store.Resp;

public sealed class RespReplyTests
{
    [Fact]
    public void TryRead_BulkString_ValueAndBytesTaken()
    {
        var buffer = "$5\r\nhello\r\n$-1\r\n"u8;

        var kind = RespReply.TryRead(buffer, out var consumed, out var value);

        Assert.Equal(RespReply.Kind.Bulk, kind);
        Assert.Equal(11, consumed);
        Assert.Equal("hello"u8.ToArray(), buffer[value].ToArray());
        Assert.Equal(RespReply.Kind.Nil, RespReply.TryRead(buffer[consumed..], out var nil, out _));
        Assert.Equal(5, nil);
    }

    [Fact]
    public void TryRead_EmptyBulkAndErrorLine_Read()
    {
        Assert.Equal(RespReply.Kind.Bulk, RespReply.TryRead("$0\r\n\r\n"u8, out var consumed, out var value));
        Assert.Equal(6, consumed);
        Assert.Equal(0, value.GetOffsetAndLength(6).Length);

        var error = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"u8;
        Assert.Equal(RespReply.Kind.Error, RespReply.TryRead(error, out consumed, out value));
        Assert.Equal(error.Length, consumed);
        Assert.StartsWith("WRONGTYPE", System.Text.Encoding.ASCII.GetString(error[value]), StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_EveryPrefixOfAReply_IncompleteUntilTheLastByte()
    {
        var reply = "$11\r\n{\"a\":\"\r\n\"}x\r\n"u8.ToArray();
        for (var n = 0; n < reply.Length; n++)
        {
            Assert.Equal(RespReply.Kind.Incomplete, RespReply.TryRead(reply.AsSpan(0, n), out _, out _));
        }

        Assert.Equal(RespReply.Kind.Bulk, RespReply.TryRead(reply, out var consumed, out var value));
        Assert.Equal(reply.Length, consumed);
        Assert.Equal("{\"a\":\"\r\n\"}x", System.Text.Encoding.UTF8.GetString(reply.AsSpan()[value]));
        Assert.Equal(reply.Length, RespReply.Needed(reply.AsSpan(0, 6)));
    }

    [Theory]
    [InlineData("+OK\r\n")]
    [InlineData("*1\r\n$1\r\na\r\n")]
    [InlineData("$x\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("$3\r\nabcde\r\n")]
    public void TryRead_NotAGetReply_Throws(string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);

        Assert.Throws<RedisStoreException>(() => RespReply.TryRead(bytes, out _, out _));
    }
}
