using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Patron.Server.Store;

/// <summary>Writes a run's profiles to Redis under the run's version, then flips the one pointer every instance reads:
/// instances switch to the new run together, and a half-written run is never served.</summary>
internal static class RedisPublisher
{
    private const int Batch = 5_000;

    /// <summary>Publishes <paramref name="snapshot"/>; returns the keys written.</summary>
    public static async Task<long> PublishAsync(RunSnapshot snapshot, IDatabase redis, JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(redis);
        var version = snapshot.Version;
        var customers = snapshot.Customers;
        var pending = new List<Task>(Batch);
        for (var row = 0; row < customers.Count; row++)
        {
            var profile = ProfileBuilder.Build(snapshot, row, withFeatures: true);
            pending.Add(redis.StringSetAsync(RedisKeys.Customer(version, profile.CustomerId), JsonSerializer.SerializeToUtf8Bytes(profile, json)));
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
        await redis.ListLeftPushAsync(RedisKeys.Runs, version).ConfigureAwait(false);

        // The flip: one SET, after every profile of the version is in.
        await redis.StringSetAsync(RedisKeys.Current, version).ConfigureAwait(false);
        return customers.Count + 1L;
    }
}
