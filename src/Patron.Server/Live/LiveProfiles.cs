using System.Collections.Concurrent;
using Patron.Server.Store;

namespace Patron.Server.Live;

/// <summary>Profiles updated by events since the run served was loaded, over the run's own: a profile here is served
/// instead of the run's while the run it was built on is still the one served.</summary>
/// <remarks>Thread-safe: the live worker writes, requests read.</remarks>
internal sealed class LiveProfiles
{
    private readonly ConcurrentDictionary<string, StoredProfile> _profiles = new(StringComparer.Ordinal);

    /// <summary>Profiles held.</summary>
    public int Count => _profiles.Count;

    /// <summary>The live profile of <paramref name="id"/> built on run <paramref name="version"/>, or null.</summary>
    public StoredProfile? Find(string version, string id) =>
        _profiles.TryGetValue(id, out var profile) && string.Equals(profile.Version, version, StringComparison.Ordinal) ? profile : null;

    public void Set(string id, StoredProfile profile) => _profiles[id] = profile;

    /// <summary>Drops the live profile of <paramref name="id"/> (the run's is served again).</summary>
    public void Remove(string id) => _profiles.TryRemove(id, out _);
}
