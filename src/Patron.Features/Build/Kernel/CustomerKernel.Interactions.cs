namespace Patron.Features.Build.Kernel;

/// <summary>Interaction features, built from other groups' values.</summary>
internal sealed partial class CustomerKernel
{
    private void Interactions(int row, in OrderTotals t)
    {
        var f = _block;
        f.Set(C.AovTimesFrequency, row, t.AverageOrderValue * t.Purchases);
        f.Set(C.ItemsPerOrder, row, Money(t.Items) / t.Purchases);
        if (t.MarginKnown)
        {
            f.Set(C.MarginShare, row, Money(t.MarginSum) / Money(t.MarginBase));
        }
    }
}
