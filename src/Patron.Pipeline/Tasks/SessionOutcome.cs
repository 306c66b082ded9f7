using Patron.Features.Frames;

namespace Patron.Pipeline.Tasks;

/// <summary>The session task's result: the outcome metrics.json records like any task's, and the scored sessions of
/// the out-of-time window for session_predictions.csv.</summary>
/// <param name="Outcome">Candidates, choice and metrics, as for the customer tasks.</param>
/// <param name="Frame">The labelled sessions.</param>
/// <param name="Window">Rows of <paramref name="Frame"/> in the out-of-time window, in frame order.</param>
/// <param name="Probabilities">Purchase probability per window row, from the chosen model refitted on every labelled session.</param>
/// <param name="Reasons">Three reasons in words per window row (empty strings when fewer).</param>
/// <param name="Split">The out-of-time split in words.</param>
internal sealed record SessionOutcome(TaskOutcome Outcome, SessionFrame Frame, int[] Window, double[] Probabilities, string[][] Reasons, string Split);
