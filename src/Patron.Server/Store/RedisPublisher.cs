using System.Globalization;
using StackExchange.Redis;

namespace Patron.Server.Store;

/// <summary>Writes a run's profiles to Redis under the run's version, then flips the one pointer every instance reads:
/// instances switch to the new run together, and a half-written run is never served. After the flip, versions older
/// than the current and the previous one are deleted in batches.</summary>
/// <remarks>The previous version is kept because instances read the pointer again only once a second, so for up to a
/// second after the flip some still answer from it (and it is the one to flip back to). The version the pointer names is
/// never deleted, whatever the list says.</remarks>
internal static class RedisPublisher
{
    private const int Batch = 5_000;

    /// <summary>Versions kept after a publish: the current one and the previous one.</summary>
    public const int KeptVersions = 2;

    /// <summary>Publishes <paramref name="snapshot"/> and removes versions older than the previous one.</summary>
    public static async Task<PublishResult> PublishAsync(RunSnapshot snapshot, IConnectionMultiplexer connection)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(connection);
        var redis = connection.GetDatabase();
        var version = snapshot.Version;
        var customers = snapshot.Customers;
        var pending = new List<Task>(Batch);
        for (var row = 0; row < customers.Count; row++)
        {
            pending.Add(redis.StringSetAsync(RedisKeys.Customer(version, customers.Ids.IdAt(row)), ProfileJson.Write(snapshot, row)));
            if (pending.Count == Batch)
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        await redis.HashSetAsync(RedisKeys.Meta(version),
        [
            new("customers", customers.Count.ToString(CultureInfo.InvariantCulture)),
            new("as_of", snapshot.AsOf ?? ""),
            new("folder", snapshot.Folder),
        ]).ConfigureAwait(false);

        // A version published again moves to the front rather than appearing twice.
        await redis.ListRemoveAsync(RedisKeys.Runs, version).ConfigureAwait(false);
        await redis.ListLeftPushAsync(RedisKeys.Runs, version).ConfigureAwait(false);

        // The flip: one SET, after every profile of the version is in.
        await redis.StringSetAsync(RedisKeys.Current, version).ConfigureAwait(false);
        var (removed, keys) = await RemoveOldVersionsAsync(connection).ConfigureAwait(false);
        return new PublishResult(version, customers.Count + 1L, removed, keys);
    }

    /// <summary>Deletes every version of <c>patron:runs</c> past the first <see cref="KeptVersions"/>, except the one
    /// the pointer names: their keys (found by SCAN on every primary, so a Redis Cluster is covered), then their list
    /// entries. Returns the versions and keys removed.</summary>
    public static async Task<(IReadOnlyList<string> Versions, long Keys)> RemoveOldVersionsAsync(IConnectionMultiplexer connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var redis = connection.GetDatabase();
        var listed = await redis.ListRangeAsync(RedisKeys.Runs).ConfigureAwait(false);
        var current = (string?)await redis.StringGetAsync(RedisKeys.Current).ConfigureAwait(false);
        var removed = new List<string>();
        long keys = 0;
        for (var i = KeptVersions; i < listed.Length; i++)
        {
            var version = (string?)listed[i];
            if (string.IsNullOrEmpty(version) || version == current || removed.Contains(version))
            {
                continue;
            }

            keys += await DeleteVersionAsync(connection, redis, version).ConfigureAwait(false);
            await redis.ListRemoveAsync(RedisKeys.Runs, version).ConfigureAwait(false);
            removed.Add(version);
        }

        return (removed, keys);
    }

    private static async Task<long> DeleteVersionAsync(IConnectionMultiplexer connection, IDatabase redis, string version)
    {
        long deleted = 0;
        var pattern = RedisKeys.VersionPattern(version);
        var pending = new List<Task<bool>>(Batch);
        foreach (var server in connection.GetServers())
        {
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }

            // One key a command, pipelined: in a cluster the keys of a version sit in many slots, so a multi-key
            // delete would be refused.
            await foreach (var key in server.KeysAsync(redis.Database, pattern, pageSize: Batch).ConfigureAwait(false))
            {
                pending.Add(redis.KeyDeleteAsync(key, CommandFlags.DemandMaster));
                if (pending.Count == Batch)
                {
                    deleted += await Count(pending).ConfigureAwait(false);
                }
            }
        }

        deleted += await Count(pending).ConfigureAwait(false);
        return deleted;
    }

    private static async Task<long> Count(List<Task<bool>> pending)
    {
        var results = await Task.WhenAll(pending).ConfigureAwait(false);
        pending.Clear();
        long count = 0;
        foreach (var deleted in results)
        {
            count += deleted ? 1 : 0;
        }

        return count;
    }
}
