#!/usr/bin/perl
# FixMyStreet's own Open311 client (perllib/Open311.pm, copied into lib/ by
# run.sh) against Mutu, every step FixMyStreet takes; all answers are the
# XML envelope, parsed by the client's XML::Simple. "post": list the
# services, read a definition, file a request with a point and the optional
# attributes empty (as FixMyStreet sends a form left blank), read it back at
# once by its id without a key (status and service only), list requests in
# a date window (the last hour, as FixMyStreet polls, and a window longer
# than 90 days, which is capped), and get the error list for a bad key.
# "public": read it back after verification: the public fields, with the
# kelurahan office the point was routed to.
use strict;
use warnings;
use lib "$ENV{FMS_LIB}";
use DateTime;
use DateTime::Format::W3CDTF;
use Open311;
use FakeProblem;

my ($step, $endpoint, $arg) = @ARGV;
my $o = Open311->new(endpoint => $endpoint, api_key => ($step eq 'post' ? $arg : ''), jurisdiction => '31.72');
sub check { my ($ok, $what) = @_; die "FAIL: $what\n" unless $ok; print "ok: $what\n" }

my $problem = FakeProblem->new(title => 'Lampu jalan mati', detail => 'Lampu penerangan jalan di depan kantor kelurahan mati sejak tiga malam.',
    name => 'Budi Santoso', email => 'budi@example.com', lat => -6.1184, lon => 106.9061,
    extra => [ map { { name => $_, value => '' } } qw(privacy region unit) ]);

if ($step eq 'post') {
    my $services = $o->get_service_list;
    check(join(',', map { $_->{service_code} } @{$services->{service}}) eq 'pengaduan,aspirasi,informasi,konsultasi', 'services');
    my $meta = $o->get_service_meta_info('pengaduan');
    check(join(',', map { $_->{code} } @{$meta->{attributes}}) eq 'privacy,region,unit', 'service definition');
    my $id = $o->send_service_request($problem, { url => 'https://fms.example/report/1', image_url => 'https://fms.example/photo/1.jpeg' }, 'pengaduan');
    check($id, 'send_service_request with a point, attributes empty: ' . ($id || $o->error));
    my $reqs = Open311->new(endpoint => $endpoint, jurisdiction => '31.72')->get_service_requests({ report_ids => [$id] });
    check($reqs && @$reqs == 1, 'read back at once, without a key');
    my $r = $reqs->[0];
    check(join(',', sort keys %$r) eq 'service_code,service_name,service_request_id,status,status_notes', 'only status and service: ' . join(',', sort keys %$r));
    check($r->{service_request_id} eq $id && $r->{status} eq 'open' && $o->map_state($r->{status}) eq 'confirmed', 'open, mapped to confirmed');

    my $w3c = DateTime::Format::W3CDTF->new;
    my $now = DateTime->now;
    $o->get_service_requests({ start_date => $w3c->format_datetime($now->clone->add(hours => -1)), end_date => $w3c->format_datetime($now) });
    check($o->success, 'requests in the last hour');
    my $long = $o->get_service_requests({ start_date => $w3c->format_datetime($now->clone->add(days => -400)), end_date => $w3c->format_datetime($now) });
    check($o->success && $long && @$long > 0, 'requests in a window of 400 days, capped to 90: ' . scalar(@{$long || []}));

    my $bad = Open311->new(endpoint => $endpoint, api_key => 'kunci-salah', jurisdiction => '31.72');
    check(!$bad->send_service_request($problem, { url => 'https://fms.example/report/2' }, 'pengaduan') && $bad->error =~ /403 Forbidden.*\n.*403: \S/, 'a bad key: the error list, parsed');
    print "id=$id\n";
} else {
    my $reqs = $o->get_service_requests({ report_ids => [$arg] });
    check($o->success && $reqs && @$reqs == 1, 'read back after verification');
    my $r = $reqs->[0];
    check($r->{description} =~ /Lampu penerangan jalan/ && $r->{lat} eq '-6.118400' && $r->{long} eq '106.906100', 'description and coordinates');
    check($r->{agency_responsible} eq 'Kantor Kelurahan Lagoa', 'agency_responsible: the office of the kelurahan holding the point');
    check($r->{media_url} eq 'https://fms.example/photo/1.jpeg' && $r->{requested_datetime} =~ /\+07:00$/, 'media_url and requested_datetime');
}
