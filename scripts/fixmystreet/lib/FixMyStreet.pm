package FixMyStreet;
# A stand-in for FixMyStreet's configuration, enough for perllib/Open311.pm
# to run outside FixMyStreet: no configuration, test mode.
sub config { return undef }
sub test_mode { 1 }
sub local_time_zone { 'Asia/Jakarta' }
1;
