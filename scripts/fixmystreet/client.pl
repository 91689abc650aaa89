#!/usr/bin/perl
# FixMyStreet's own Open311 client (perllib/Open311.pm, copied into lib/ by
# run.sh) against Mutu. "post": list the services, read a definition, file a
# request as FixMyStreet sends one and read it back at once: status and
# service only. "public": read it back after verification: the public fields.
use strict;
use warnings;
use lib "$ENV{FMS_LIB}";
use Open311;
use FakeProblem;

my ($step, $endpoint, $arg) = @ARGV;
my $o = Open311->new(endpoint => $endpoint, api_key => ($step eq 'post' ? $arg : ''), jurisdiction => '31.72');
sub check { my ($ok, $what) = @_; die "FAIL: $what\n" unless $ok; print "ok: $what\n" }

if ($step eq 'post') {
    my $services = $o->get_service_list;
    check(join(',', map { $_->{service_code} } @{$services->{service}}) eq 'pengaduan,aspirasi,informasi,konsultasi', 'services');
    my $meta = $o->get_service_meta_info('pengaduan');
    check(join(',', map { $_->{code} } @{$meta->{attributes}}) eq 'privacy,region,unit', 'service definition');
    my $p = FakeProblem->new(title => 'Lampu jalan mati', detail => 'Lampu penerangan jalan di depan kantor kelurahan mati sejak tiga malam.',
        name => 'Budi Santoso', email => 'budi@example.com', lat => -6.1184, lon => 106.9061);
    my $id = $o->send_service_request($p, { url => 'https://fms.example/report/1', image_url => 'https://fms.example/photo/1.jpeg' }, 'pengaduan');
    check($id, 'send_service_request: ' . ($id || $o->error));
    my $reqs = $o->get_service_requests({ report_ids => [$id] });
    check($o->success && $reqs && @$reqs == 1, 'read back at once');
    my $r = $reqs->[0];
    check(join(',', sort keys %$r) eq 'service_code,service_name,service_request_id,status,status_notes', 'only status and service: ' . join(',', sort keys %$r));
    check($r->{service_request_id} eq $id && $r->{status} eq 'open' && $o->map_state($r->{status}) eq 'confirmed', 'open, mapped to confirmed');
    print "id=$id\n";
} else {
    my $reqs = $o->get_service_requests({ report_ids => [$arg] });
    check($o->success && $reqs && @$reqs == 1, 'read back after verification');
    my $r = $reqs->[0];
    check($r->{description} =~ /Lampu penerangan jalan/ && $r->{lat} eq '-6.118400' && $r->{long} eq '106.906100', 'description and coordinates');
    check($r->{agency_responsible} eq 'Pengelola Pengaduan Kota Administrasi Jakarta Utara', 'agency_responsible: the receiving desk');
    check($r->{media_url} eq 'https://fms.example/photo/1.jpeg' && $r->{requested_datetime} =~ /\+07:00$/, 'media_url and requested_datetime');
}
