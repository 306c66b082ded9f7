using System.Buffers.Text;

namespace Patron.Server.Store.Resp;

/// <summary>Parses the RESP2 replies a GET can get: a bulk string (<c>$N\r\n...\r\n</c>), the nil bulk string
/// (<c>$-1\r\n</c>) or an error line (<c>-ERR ...\r\n</c>).</summary>
internal static class RespReply
{
    /// <summary>What <see cref="TryRead"/> found.</summary>
    public enum Kind
    {
        /// <summary>The buffer does not yet hold a whole reply.</summary>
        Incomplete,

        /// <summary>A bulk string: its bytes are the value.</summary>
        Bulk,

        /// <summary>The nil bulk string: the key does not exist.</summary>
        Nil,

        /// <summary>An error line: its bytes are the message.</summary>
        Error,
    }

    /// <summary>The bulk strings accepted: Redis's own limit for a string value.</summary>
    public const int MaxBulkLength = 512 * 1024 * 1024;

    /// <summary>Reads the first reply of <paramref name="buffer"/>: its kind, the bytes it took and, for a bulk string or
    /// an error, the range of its value. Throws <see cref="RedisStoreException"/> on anything a GET cannot answer.</summary>
    public static Kind TryRead(ReadOnlySpan<byte> buffer, out int consumed, out Range value)
    {
        consumed = 0;
        value = default;
        var lineEnd = buffer.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            if (buffer.Length > 64 && buffer[0] == (byte)'$')
            {
                throw new RedisStoreException("Redis sent a bulk length line without its end.");
            }

            return Kind.Incomplete;
        }

        var line = buffer[1..lineEnd];
        switch (buffer[0])
        {
            case (byte)'$':
                if (!Utf8Parser.TryParse(line, out int length, out var used) || used != line.Length || length < -1 || length > MaxBulkLength)
                {
                    throw new RedisStoreException("Redis sent a bulk string with a length that is not a number from -1 to 512 MiB.");
                }

                if (length == -1)
                {
                    consumed = lineEnd + 2;
                    return Kind.Nil;
                }

                var start = lineEnd + 2;
                if (buffer.Length < start + length + 2)
                {
                    return Kind.Incomplete;
                }

                if (buffer[start + length] != (byte)'\r' || buffer[start + length + 1] != (byte)'\n')
                {
                    throw new RedisStoreException("Redis sent a bulk string that does not end where its length says.");
                }

                value = start..(start + length);
                consumed = start + length + 2;
                return Kind.Bulk;
            case (byte)'-':
                value = 1..lineEnd;
                consumed = lineEnd + 2;
                return Kind.Error;
            default:
                throw new RedisStoreException($"Redis sent a reply of type '{(char)buffer[0]}' to a GET.");
        }
    }

    /// <summary>Bytes a reply needs before <see cref="TryRead"/> can finish it: the whole bulk string when its length line
    /// is in, else 0 (unknown).</summary>
    public static int Needed(ReadOnlySpan<byte> buffer)
    {
        var lineEnd = buffer.IndexOf("\r\n"u8);
        return lineEnd > 0 && buffer[0] == (byte)'$' && Utf8Parser.TryParse(buffer[1..lineEnd], out int length, out _) && length >= 0
            ? lineEnd + 2 + length + 2
            : 0;
    }
}
