using System.Buffers;
using Patron.Server.Live;

namespace Patron.Server.Store;

/// <summary>Profiles from the arrays of the snapshot being served, or their live update when events changed them.</summary>
internal sealed class MemoryProfileStore(LiveProfiles live) : IProfileStore
{
    public string Name => "memory";

    public ValueTask<StoredProfile?> GetAsync(RunSnapshot snapshot, string id, CancellationToken cancellation)
    {
        if (live.Find(snapshot.Version, id) is { } updated)
        {
            return ValueTask.FromResult<StoredProfile?>(updated);
        }

        var row = snapshot.Customers.Ids.Find(id);
        // Rented for this answer: the request returns it once written.
        return ValueTask.FromResult<StoredProfile?>(row < 0 ? null : new StoredProfile(ProfileJson.WriteRented(snapshot, row, ArrayPool<byte>.Shared), snapshot.Version));
    }
}
