using Patron.Server.Store;
using StackExchange.Redis;

namespace Patron.Server.Hosting;

/// <summary>Publishes a run folder to a Redis store (<c>patron serve --publish</c>, <c>patron run --publish</c>): loads
/// it as the server would, writes its profiles under its version, flips the pointer and removes versions older than the
/// previous one (docs/serving.md, store layout).</summary>
internal static class RunPublisher
{
    /// <param name="runFolder">The run folder.</param>
    /// <param name="store">The store, <c>redis://HOST:PORT</c> or <c>unix:///PATH</c>.</param>
    /// <exception cref="ArgumentException">The store is not a Redis address.</exception>
    public static async Task<PublishResult> PublishAsync(string runFolder, string store)
    {
        ArgumentNullException.ThrowIfNull(runFolder);
        ArgumentNullException.ThrowIfNull(store);
        var config = RedisAddress.Parse(store).Configuration();
        var snapshot = RunLoader.Load(runFolder);
        using var redis = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        return await RedisPublisher.PublishAsync(snapshot, redis).ConfigureAwait(false);
    }
}
