using Microsoft.Extensions.DependencyInjection;

namespace Patron.Server.Store;

/// <summary>The profile store named by <c>--store</c>: <c>memory</c> (the default), <c>redis://HOST:PORT</c> or <c>unix:///PATH</c> (Redis on a Unix domain socket).</summary>
internal static class StoreFactory
{
    public static IProfileStore Create(ServeOptions options, IServiceProvider services)
    {
        if (string.Equals(options.Store, "memory", StringComparison.OrdinalIgnoreCase))
        {
            return ActivatorUtilities.CreateInstance<MemoryProfileStore>(services);
        }

        if (RedisAddress.IsRedis(options.Store))
        {
            return new RedisProfileStore(options.Store, TimeProvider.System, readConnections: RedisProfileStore.ReadConnections(options.InlineIo));
        }

        throw new ArgumentException($"Unknown store '{options.Store}': use memory, redis://HOST:PORT or unix:///PATH.");
    }
}
