package FakeProblem;
# A FixMyStreet problem as far as Open311::send_service_request reads one.
sub new { my ($c, %a) = @_; bless {%a}, $c }
sub detail { $_[0]{detail} }
sub title { $_[0]{title} }
sub name { $_[0]{name} }
sub phone_waste { undef }
sub user { bless { email => $_[0]{email} }, 'FakeUser' }
sub used_map { 1 }
sub postcode { '' }
sub latitude { $_[0]{lat} }
sub longitude { $_[0]{lon} }
sub service { '' }
sub get_extra_fields { $_[0]{extra} || [] }
sub uprn { undef }
sub cobrand { 'fixmystreet' }
sub bodies { {} }
sub send_fail_count { 0 }
sub id { 1 }
sub get_extra_metadata { undef }
sub photo { undef }

package FakeUser;
sub email { $_[0]{email} }
1;
