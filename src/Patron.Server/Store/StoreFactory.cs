using Microsoft.Extensions.DependencyInjection;

namespace Patron.Server.Store;

/// <summary>The profile store named by <c>--store</c>: <c>memory</c> (the default) or <c>redis://HOST:PORT</c>.</summary>
internal static class StoreFactory
{
    public static IProfileStore Create(ServeOptions options, IServiceProvider services)
    {
        if (string.Equals(options.Store, "memory", StringComparison.OrdinalIgnoreCase))
        {
            return ActivatorUtilities.CreateInstance<MemoryProfileStore>(services);
        }

        if (options.Store.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
        {
            return new RedisProfileStore(options.Store, TimeProvider.System);
        }

        throw new ArgumentException($"Unknown store '{options.Store}': use memory or redis://HOST:PORT.");
    }
}
