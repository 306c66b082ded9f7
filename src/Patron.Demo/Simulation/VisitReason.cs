namespace Patron.Demo.Simulation;

/// <summary>Why a sessions.csv row exists; only <see cref="Purchase"/> sessions end in an order.</summary>
internal enum VisitReason : byte
{
    /// <summary>The visit in which an order was placed.</summary>
    Purchase,

    /// <summary>A known customer's visit without an order, while the customer is alive.</summary>
    Browse,

    /// <summary>A fading visit of a customer who has dropped out.</summary>
    AfterDropout,

    /// <summary>A visitor who is not logged in.</summary>
    Anonymous,
}
