namespace Patron.Server.Store;

/// <summary>A profile as stored JSON and the run version it was written by.</summary>
/// <remarks>The JSON may be rented (a profile read from Redis or written for this answer): the request that got it
/// returns it after writing it to the response (<see cref="Hosting.JsonBytesResult"/>).</remarks>
internal readonly record struct StoredProfile(PooledBytes Json, string Version)
{
    /// <summary>A profile whose bytes are kept and answered many times (a live profile): never returned to a pool.</summary>
    public StoredProfile(byte[] json, string version)
        : this(PooledBytes.Shared(json), version)
    {
    }
}
