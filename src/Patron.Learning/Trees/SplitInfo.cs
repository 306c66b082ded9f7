namespace Patron.Learning.Trees;

/// <summary>The best split found for a node: feature, bin threshold or category set, missing direction and the
/// gradient/hessian sums of the left child.</summary>
internal struct SplitInfo
{
    public double Gain;
    public int Feature;
    public int Bin;
    public bool DefaultLeft;
    public bool IsCategorical;
    public double LeftGradient;
    public double LeftHessian;

    // The left category set over bin codes 0..255.
    public ulong Bits0;
    public ulong Bits1;
    public ulong Bits2;
    public ulong Bits3;

    public static SplitInfo None => new() { Gain = double.NegativeInfinity, Feature = -1 };

    public readonly bool IsValid => Feature >= 0;

    public void SetBit(int bin)
    {
        var mask = 1UL << (bin & 63);
        switch (bin >> 6)
        {
            case 0: Bits0 |= mask; break;
            case 1: Bits1 |= mask; break;
            case 2: Bits2 |= mask; break;
            default: Bits3 |= mask; break;
        }
    }

    public readonly bool HasBit(int bin)
    {
        var word = (bin >> 6) switch
        {
            0 => Bits0,
            1 => Bits1,
            2 => Bits2,
            _ => Bits3,
        };
        return (word & (1UL << (bin & 63))) != 0;
    }

    /// <summary>Whether this split is better than <paramref name="other"/>; ties go to the lower feature so the result
    /// does not depend on the order features were evaluated in.</summary>
    public readonly bool BetterThan(in SplitInfo other) =>
        Gain > other.Gain || (Gain == other.Gain && IsValid && (!other.IsValid || Feature < other.Feature));
}
