namespace Patron.Features.Build.Kernel;

/// <summary>Customer attributes, from the side stream, and the days from registration to the first purchase.</summary>
internal sealed partial class CustomerKernel
{
    private void Attributes(int row, in OrderTotals t, in SideValues side)
    {
        var f = _block;
        f.SetCode(C.AgeBand, row, side.AgeBand);
        f.SetCode(C.Country, row, side.Country);
        f.SetCode(C.Channel, row, side.Channel);
        f.SetCode(C.EmailClass, row, side.EmailClass);
        if (side.RegisteredDay is { } registeredDay)
        {
            f.Set(C.RegistrationToFirst, row, (long)t.FirstDay - registeredDay);
        }
    }
}
