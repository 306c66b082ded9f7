namespace Patron.Pipeline;

/// <summary>One stage of a run as <c>run.json</c> records it.</summary>
/// <param name="Name">Stage name (ingest, quality, features, ...).</param>
/// <param name="Seconds">Wall-clock seconds the stage took (near zero when skipped).</param>
/// <param name="Status"><see cref="Done"/>, <see cref="Skipped"/> or <see cref="Failed"/>.</param>
/// <param name="Detail">One line on what the stage did.</param>
public sealed record StageRecord(string Name, double Seconds, string Status, string Detail)
{
    public const string Done = "done";
    public const string Skipped = "skipped (unchanged)";
    public const string Failed = "failed";
}
