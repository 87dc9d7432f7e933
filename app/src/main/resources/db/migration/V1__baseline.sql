-- Baseline: the jurisdictions (pooling regions and their parents) as a reference table.
-- Business tables added later carry region_code and are queried by it (the shard key).
create table region (
    region_code char(6) primary key check (region_code ~ '^[0-9]{6}$'),
    name_zh     text not null,
    name_en     text not null,
    parent_code char(6) references region (region_code)
);

insert into region (region_code, name_zh, name_en, parent_code) values
    ('000000', '全国', 'National', null),
    ('440000', '广东省', 'Guangdong', '000000'),
    ('440100', '广州市', 'Guangzhou', '440000'),
    ('440300', '深圳市', 'Shenzhen', '440000'),
    ('500000', '重庆市', 'Chongqing', '000000'),
    ('320000', '江苏省', 'Jiangsu', '000000'),
    ('320400', '常州市', 'Changzhou', '320000'),
    ('150000', '内蒙古自治区', 'Inner Mongolia', '000000'),
    ('152501', '二连浩特市', 'Erenhot', '150000');
