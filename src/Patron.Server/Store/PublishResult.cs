namespace Patron.Server.Store;

/// <summary>What a publish to Redis did: the version now served, the keys written, and the older versions removed
/// after the flip with the number of their keys deleted.</summary>
internal sealed record PublishResult(string Version, long KeysWritten, IReadOnlyList<string> RemovedVersions, long KeysRemoved);
