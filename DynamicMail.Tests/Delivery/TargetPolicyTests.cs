using System.Net;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Domains;

namespace DynamicMail.Tests.Delivery;

public sealed class TargetPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("64:ff9b::10.0.0.1")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b:1::1")]
    [InlineData("2002:c0a8:0101::1")]
    [InlineData("::10.0.0.1")]
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe")]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("100::1")]
    public void PrivateBrowserAddress_IsRefused_UnlessAllowed(string address)
    {
        var domain = new CustomerDomain { Name = "xyz.com", DeliveryPort = 25 };

        var (refused, reason) = TargetPolicy.Resolve(domain, IPAddress.Parse(address), allowPrivate: false);
        var (allowed, _) = TargetPolicy.Resolve(domain, IPAddress.Parse(address), allowPrivate: true);

        Assert.Null(refused);
        Assert.Contains("private or local", reason);
        Assert.NotNull(allowed);
    }

    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5:2526")]
    [InlineData("172.32.0.1", "172.32.0.1:2526")]
    [InlineData("2001:db8::5", "[2001:db8::5]:2526")]
    [InlineData("64:ff9b::203.0.113.5", "[64:ff9b::cb00:7105]:2526")]
    [InlineData("2002:cb00:7105::1", "[2002:cb00:7105::1]:2526")]
    public void PublicBrowserAddress_IsTheTarget_AtTheDomainPort(string address, string expected)
    {
        var domain = new CustomerDomain { Name = "xyz.com", DeliveryPort = 2526 };
        Assert.Equal(expected, TargetPolicy.Resolve(domain, IPAddress.Parse(address), false).Target!.ToString());
    }

    [Fact]
    public void DeliveryHost_OverridesThePrivateAddress()
    {
        var domain = new CustomerDomain { Name = "xyz.com", DeliveryPort = 25, DeliveryHost = "mail.xyz.com" };
        Assert.Equal("mail.xyz.com:25", TargetPolicy.Resolve(domain, IPAddress.Loopback, false).Target!.ToString());
    }
}
