namespace Patron.Features.Segments;

/// <summary>A named RFM segment and what marketing should do with it.</summary>
/// <param name="Name">Segment name as <c>rfm_segment</c> holds it.</param>
/// <param name="Meaning">Who is in it.</param>
/// <param name="Action">The recommended action.</param>
public sealed record RfmSegment(string Name, string Meaning, string Action);
