using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Patron.Server.Store;

/// <summary>Profiles from the arrays of the snapshot being served.</summary>
internal sealed class MemoryProfileStore(IOptions<JsonOptions> json) : IProfileStore
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public string Name => "memory";

    public ValueTask<StoredProfile?> GetAsync(RunSnapshot snapshot, string id, CancellationToken cancellation)
    {
        var row = snapshot.Customers.Ids.Find(id);
        return ValueTask.FromResult<StoredProfile?>(row < 0
            ? null
            : new StoredProfile(JsonSerializer.SerializeToUtf8Bytes(ProfileBuilder.Build(snapshot, row, withFeatures: true), _options), snapshot.Version));
    }
}
