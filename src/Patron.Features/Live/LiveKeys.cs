using System.Text;

namespace Patron.Features.Live;

/// <summary>A 64-bit hash of an id's UTF-8 bytes (FNV-1a, then a finalizing mix), for sets of the warehouse's ids held in
/// memory as sorted arrays of hashes. A collision makes two ids look alike: each use says which way that errs.</summary>
public static class LiveKeys
{
    /// <summary>The hash of <paramref name="utf8"/>.</summary>
    public static long Hash(ReadOnlySpan<byte> utf8)
    {
        var h = 14695981039346656037UL;
        foreach (var b in utf8)
        {
            h ^= b;
            h *= 1099511628211UL;
        }

        // A finalizer (splitmix64's) so that ids differing in their last bytes spread over every bit.
        h ^= h >> 30;
        h *= 0xbf58476d1ce4e5b9UL;
        h ^= h >> 27;
        h *= 0x94d049bb133111ebUL;
        h ^= h >> 31;
        return (long)h;
    }

    /// <summary>The hash of <paramref name="id"/>'s UTF-8 bytes.</summary>
    public static long Hash(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        Span<byte> buffer = stackalloc byte[256];
        var count = Encoding.UTF8.GetByteCount(id);
        var bytes = count <= buffer.Length ? buffer[..count] : new byte[count];
        Encoding.UTF8.GetBytes(id, bytes);
        return Hash(bytes);
    }

    /// <summary>Whether the sorted array <paramref name="hashes"/> holds <paramref name="hash"/>.</summary>
    internal static bool Contains(long[] hashes, long hash) => Array.BinarySearch(hashes, hash) >= 0;

    /// <summary>The hashes of the first column's text of every row <paramref name="sql"/> answers, sorted and without
    /// repeats.</summary>
    internal static long[] Read(Patron.DuckDb.DuckDbConnection connection, string sql)
    {
        var list = new List<long>();
        using (var reader = connection.QueryStreaming(sql))
        {
            while (reader.NextChunk())
            {
                var ids = reader.Vector(0);
                for (var r = 0; r < reader.RowCount; r++)
                {
                    if (!ids.IsNull(r))
                    {
                        list.Add(Hash(ids.Utf8(r)));
                    }
                }
            }
        }

        var array = list.ToArray();
        Array.Sort(array);
        var n = 0;
        for (var i = 0; i < array.Length; i++)
        {
            if (n == 0 || array[i] != array[n - 1])
            {
                array[n++] = array[i];
            }
        }

        return n == array.Length ? array : array.AsSpan(0, n).ToArray();
    }
}
