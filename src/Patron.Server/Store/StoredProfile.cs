namespace Patron.Server.Store;

/// <summary>A profile as stored JSON and the run version it was written by.</summary>
internal readonly record struct StoredProfile(byte[] Json, string Version);
