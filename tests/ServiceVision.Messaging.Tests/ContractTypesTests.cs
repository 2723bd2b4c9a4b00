using ServiceVision.Contracts;
using ServiceVision.Contracts.Organizations.V1;

namespace ServiceVision.Messaging.Tests;

public sealed class ContractTypesTests
{
    [Fact]
    public void A_contract_is_named_by_its_full_type_name_and_found_again_by_it()
    {
        Assert.Equal("ServiceVision.Messaging.Tests.Pinged", ContractTypes.NameOf<Pinged>());

        var types = ContractTypes.In(typeof(Pinged).Assembly);

        Assert.Equal(typeof(Pinged), types["ServiceVision.Messaging.Tests.Pinged"]);
        Assert.Equal(typeof(PointsAwarded), types[ContractTypes.NameOf<PointsAwarded>()]);
        Assert.DoesNotContain(typeof(Probe), types.Values);
    }

    [Fact]
    public void Every_contract_of_ServiceVision_Contracts_is_a_tenant_message_record_with_a_stable_name()
    {
        var types = ContractTypes.In(typeof(ITenantMessage).Assembly);

        Assert.Contains(typeof(VisionPublished), types.Values);
        Assert.All(types, pair => Assert.Equal(pair.Value.FullName, pair.Key));
    }

    [Fact]
    public void A_type_that_is_not_a_contract_has_no_stable_name()
    {
        Assert.False(ContractTypes.IsContract(typeof(string)));
        Assert.False(ContractTypes.IsContract(typeof(ITenantMessage)));
        Assert.Throws<ArgumentException>(() => ContractTypes.NameOf(typeof(Probe)));
    }
}
