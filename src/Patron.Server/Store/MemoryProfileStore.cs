using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Patron.Server.Live;

namespace Patron.Server.Store;

/// <summary>Profiles from the arrays of the snapshot being served, or their live update when events changed them.</summary>
internal sealed class MemoryProfileStore(IOptions<JsonOptions> json, LiveProfiles live) : IProfileStore
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public string Name => "memory";

    public ValueTask<StoredProfile?> GetAsync(RunSnapshot snapshot, string id, CancellationToken cancellation)
    {
        if (live.Find(snapshot.Version, id) is { } updated)
        {
            return ValueTask.FromResult<StoredProfile?>(updated);
        }

        var row = snapshot.Customers.Ids.Find(id);
        return ValueTask.FromResult<StoredProfile?>(row < 0
            ? null
            : new StoredProfile(JsonSerializer.SerializeToUtf8Bytes(ProfileBuilder.Build(snapshot, row, withFeatures: true), _options), snapshot.Version));
    }
}
