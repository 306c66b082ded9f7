namespace Patron.Server.Scoring;

/// <summary>What a request cell must hold: a number, a text (numbers are taken as their text) or a true/false flag.</summary>
internal enum CellKind
{
    Number,
    Text,
    Flag,
}
