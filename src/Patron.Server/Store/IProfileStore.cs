namespace Patron.Server.Store;

/// <summary>Where customer profiles are read from: the snapshot's arrays, or a shared Redis.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
internal interface IProfileStore
{
    /// <summary><c>memory</c> or the Redis address.</summary>
    string Name { get; }

    /// <summary>The profile of <paramref name="id"/> as UTF-8 JSON with the run version it belongs to, or null. The
    /// caller awaits the result once, and returns the profile's bytes (<see cref="PooledBytes.Return"/>) after writing
    /// them.</summary>
    ValueTask<StoredProfile?> GetAsync(RunSnapshot snapshot, string id, CancellationToken cancellation);
}
