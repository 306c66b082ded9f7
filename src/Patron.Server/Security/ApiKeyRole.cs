namespace Patron.Server.Security;

/// <summary>What a key may do: read (every <c>/api</c> route except admin ones) or admin (everything).</summary>
internal enum ApiKeyRole
{
    Read,
    Admin,
}
