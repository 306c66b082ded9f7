namespace Patron.Features.Sessions;

/// <summary>The two kinds of session data the canonical model holds.</summary>
public enum SessionKind
{
    /// <summary><c>silver.sessions</c>: timed sessions, of known customers or anonymous.</summary>
    Web,

    /// <summary><c>silver.shopper_sessions</c>: anonymous page-level sessions with only a month (UCI Online Shoppers).</summary>
    Shopper,
}
