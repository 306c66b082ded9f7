using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Patron.Server.Security;

/// <summary>The dashboard's sign-in cookie: after a valid API key was given on <c>/signin</c>, a token that says until
/// when the browser may read the dashboard, signed with HMAC-SHA256 under a secret drawn at random when the process
/// starts (so a restart signs everyone out, and no secret is ever stored).</summary>
/// <remarks>Token: <c>EXPIRES.MAC</c>, EXPIRES in Unix seconds, MAC the base64url HMAC of <c>dashboard.EXPIRES</c>;
/// compared in constant time. Thread-safe.</remarks>
internal sealed class SignInTokens
{
    public const string CookieName = "patron_dashboard";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;

    public SignInTokens(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>A token valid for <see cref="Lifetime"/> from now.</summary>
    public string Issue()
    {
        var expires = _time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return expires + "." + Base64Url.EncodeToString(Mac(expires));
    }

    /// <summary>Whether <paramref name="token"/> was issued by this process and has not expired.</summary>
    public bool Verify(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[64];
        if (!Base64Url.TryDecodeFromChars(token.AsSpan(dot + 1), presented, out var length))
        {
            return false;
        }

        var expected = Mac(token[..dot]);
        return CryptographicOperations.FixedTimeEquals(presented[..length], expected)
            && expires > _time.GetUtcNow().ToUnixTimeSeconds();
    }

    private byte[] Mac(string expires) => HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes("dashboard." + expires));
}
